// The contact picker in Chromium, end to end: a call rung on the Accolades stand-in, a HubSpot
// lookup against the local stand-in of its search API answering several contacts, the real
// history, then the picker page listing them. Names from the CRM stay text; the page sends only
// an index; a link the settings do not allow is never opened, even when the page is bypassed.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hubspotLookup } from '../../electron/core/presets/crm-lookups.js';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { CrmStandIns, TOKENS, pointAt } from '../lookup/crm-stand-ins.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">Eve';
const page = (id: string) => `https://app.hubspot.com/contacts/4242/record/0-1/${id}`;

describe.skipIf(chromiumMissingReason !== undefined)('contact picker window', () => {
  let fixture: RendererFixture;
  const crm = new CrmStandIns();
  let bundle: string;

  beforeAll(async () => {
    fixture = await startRendererFixture();
    await crm.start();
    bundle = join(fixture.standIn.caFile, '..', 'with-hubspot-ca.pem');
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

  async function ringWithMatches(lookup: Record<string, unknown> = {}) {
    const connector = await fixture.connector({
      lookupApiKey: TOKENS.hubspot,
      user: {
        accolades: { crmId: DEMO_AGENT_ID, caFile: bundle },
        rules: [
          { name: 'HubSpot', open: 'https://app.hubspot.com/contacts/4242/list?query={e164}' },
        ],
        lookup: { ...pointAt(hubspotLookup, crm.origin), timeoutMs: 5000, ...lookup },
      },
    });
    await connector.reachPhase('connected');
    const call = await connector.ring(DEMO_AGENT_ID, 'incoming', '0712345678');
    return { connector, call };
  }

  for (const [language, osLocale, intro] of [
    ['en', 'en-US', '3 contacts in the CRM have the number +40 712 345 678. Open one:'],
    ['ro', 'ro-RO', '3 contacte din CRM au numărul +40 712 345 678. Deschideți unul:'],
  ] as const) {
    it(`lists the matches as text and opens the one picked with the keyboard (${language})`, async () => {
      crm.contacts.hubspot.push(
        { id: '601', first: 'Ion', last: 'Ionescu', company: 'Alfa SRL', phone: '+40712345678' },
        { id: '602', first: HOSTILE, last: '', company: 'Beta SA', phone: '+40712345678' },
        { id: '603', first: 'Dan', last: 'Pop', company: '', phone: '+40712345678' },
      );
      const { connector, call } = await ringWithMatches();
      expect(call.pickContact).toBe(true);
      expect(call.contacts).toHaveLength(3);
      // Nothing opened by itself: the agent picks.
      expect(connector.launched).toEqual([]);

      const {
        page: picker,
        bridge,
        screenshot,
      } = await fixture.open('pick-contact', {
        connector,
        osLocale,
        query: { callId: call.id },
      });
      expect(await picker.textContent('#pick-intro')).toBe(intro);
      const names = await picker.locator('#pick-list .name').allTextContents();
      expect(names).toEqual(['Ion Ionescu', HOSTILE, 'Dan Pop']);
      expect(await picker.locator('#pick-list img').count()).toBe(0);
      expect(await picker.title()).not.toBe('pwned');
      expect(await picker.locator('#pick-list .detail').first().textContent()).toBe(
        'Alfa SRL · app.hubspot.com',
      );

      await picker.focus('#pick-list button[data-index="0"]');
      await picker.keyboard.press('ArrowDown');
      expect(
        await picker.evaluate(() => (document.activeElement as HTMLElement).dataset.index),
      ).toBe('1');
      await picker.keyboard.press('Enter');
      await expect.poll(() => picker.getAttribute('#pick-result', 'class')).toContain('ok');
      expect(bridge.callsTo('openContactChoice').map((c) => c.request)).toEqual([
        { callId: call.id, choice: 1 },
      ]);
      expect(connector.launched).toEqual([{ kind: 'open', url: page('602') }]);
      expect(bridge.pageProblems).toEqual([]);
      await screenshot(`pick-contact-${language}`);
    }, 60_000);
  }

  it('never opens a javascript: or other-origin link from the CRM, even asked directly', async () => {
    crm.fault = {
      kind: 'answer',
      body: {
        results: [
          {
            id: '1',
            properties: { firstname: 'Js', lastname: 'Link', link: 'javascript:alert(1)' },
          },
          {
            id: '2',
            properties: { firstname: 'Other', lastname: 'Origin', link: 'https://evil.example/x' },
          },
          { id: '3', properties: { firstname: 'Good', lastname: 'Link', link: page('3') } },
        ],
      },
    };
    const { connector, call } = await ringWithMatches({
      contactUrl: '',
      contactUrlPath: 'properties.link',
      contactOrigins: ['https://app.hubspot.com'],
    });
    const { page: picker, bridge } = await fixture.open('pick-contact', {
      connector,
      query: { callId: call.id },
    });
    expect(await picker.isDisabled('#pick-list button[data-index="0"]')).toBe(true);
    expect(await picker.isDisabled('#pick-list button[data-index="1"]')).toBe(true);
    expect(await picker.isDisabled('#pick-list button[data-index="2"]')).toBe(false);
    // Past the page's buttons: the same requests a compromised page could send.
    const ask = (choice: unknown) =>
      picker.evaluate(
        (request) =>
          (
            window as unknown as {
              connector: { openContactChoice(r: unknown): Promise<unknown> };
            }
          ).connector.openContactChoice(request),
        { callId: call.id, choice },
      );
    expect(await ask(0)).toMatchObject({ ok: false });
    expect(await ask(1)).toMatchObject({ ok: false });
    // A URL instead of an index is refused by the guard's schema.
    expect(await ask('https://evil.example/')).toMatchObject({ ok: false });
    expect(bridge.callsTo('openContactChoice')).toHaveLength(3);
    expect(connector.launched).toEqual([]);
    await picker.click('#pick-list button[data-index="2"]');
    await expect.poll(() => connector.launched).toEqual([{ kind: 'open', url: page('3') }]);
  }, 60_000);
});
