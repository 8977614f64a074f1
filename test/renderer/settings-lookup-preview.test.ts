// "Test lookup" in the settings window, in Chromium, against the HubSpot stand-in: the matches
// for a number (names as text), and the plain reason when the answer is too big or a path
// matches nothing. The pop is never involved: this only asks the CRM.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hubspotLookup } from '../../electron/core/presets/crm-lookups.js';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { CrmStandIns, TOKENS, pointAt } from '../lookup/crm-stand-ins.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

describe.skipIf(chromiumMissingReason !== undefined)('settings: Test lookup', () => {
  let fixture: RendererFixture;
  const crm = new CrmStandIns();
  let bundle: string;

  beforeAll(async () => {
    fixture = await startRendererFixture();
    await crm.start();
    bundle = join(fixture.standIn.caFile, '..', 'with-hubspot-ca-2.pem');
    await writeFile(bundle, `${fixture.standIn.sim.caCert}\n${crm.caPem}\n`);
  }, 60_000);
  afterEach(async () => {
    await fixture?.closeWindows();
    crm.reset();
  });
  afterAll(async () => {
    await fixture?.close();
    await crm.stop();
  });

  it('shows the matches, then the plain error for a 10 MB answer and a wrong list path', async () => {
    crm.contacts.hubspot.push(
      { id: '1', first: '<b>Ana</b>', last: 'Pop', company: 'Alfa', phone: '+40712345678' },
      { id: '2', first: 'Ion', last: 'Pop', company: 'Beta', phone: '+40712345678' },
    );
    const connector = await fixture.connector({
      lookupApiKey: TOKENS.hubspot,
      user: {
        accolades: { crmId: DEMO_AGENT_ID, caFile: bundle },
        lookup: { ...pointAt(hubspotLookup, crm.origin), timeoutMs: 5000 },
      },
    });
    const { page, bridge } = await fixture.open('settings', { connector, section: 'lookup' });
    await page.fill('#lookup-test-number', '0712 345 678');
    await page.click('#lookup-test');
    await expect
      .poll(() => page.textContent('#lookup-test-result'))
      .toBe('2 match(es): <b>Ana</b> Pop, Ion Pop');
    expect(await page.locator('#lookup-test-matches li').allTextContents()).toEqual([
      '<b>Ana</b> Pop · Alfa · app.hubspot.com',
      'Ion Pop · Beta · app.hubspot.com',
    ]);
    expect(await page.locator('#lookup-test-matches b').count()).toBe(0);

    crm.fault = { kind: 'huge', bytes: 10 * 1024 * 1024 };
    await page.click('#lookup-test');
    await expect
      .poll(() => page.textContent('#lookup-test-result'))
      .toBe('CRM lookup failed: the answer is larger than 1 MB; it was cut off and not used.');

    crm.fault = { kind: 'answer', body: { total: 0, items: [] } };
    await page.click('#lookup-test');
    await expect
      .poll(() => page.textContent('#lookup-test-result'))
      .toBe(
        'CRM lookup failed: lookup.listPath "results[*]" matches nothing in the answer (its keys: total, items).',
      );
    expect(bridge.pageProblems).toEqual([]);
  }, 60_000);
});
