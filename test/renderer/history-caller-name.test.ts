// The caller's name in the call history window, in Chromium, end to end: a call rung on the
// stand-in, a caller-name lookup against a local HTTPS "CRM" (its CA added to the CA bundle),
// the name written to the real history and shown under the number while the page is open. The
// CRM's text stays text.
import { writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

const NAME = 'Ion <b>Popescu</b>';

describe.skipIf(chromiumMissingReason !== undefined)('caller name in the history window', () => {
  let fixture: RendererFixture;
  let crm: https.Server;
  let bundle: string;

  beforeAll(async () => {
    fixture = await startRendererFixture();
    const ca = await createCertificateAuthority();
    const leaf = await ca.issueServer();
    crm = https.createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: NAME }));
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    bundle = join(fixture.standIn.caFile, '..', 'with-crm-ca.pem');
    await writeFile(bundle, `${fixture.standIn.sim.caCert}\n${ca.cert}\n`);
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
    crm?.closeAllConnections();
    await new Promise((resolve) => crm?.close(resolve));
  });

  it('shows the name under the number once the lookup answers, as text', async () => {
    const connector = await fixture.connector({
      user: {
        accolades: { crmId: DEMO_AGENT_ID, caFile: bundle },
        lookup: { url: `https://127.0.0.1:${(crm.address() as AddressInfo).port}/c?p={e164}` },
      },
    });
    await connector.reachPhase('connected');
    const { page, screenshot } = await fixture.open('history', { connector });

    const call = await connector.ring(DEMO_AGENT_ID, 'incoming', '0712345678');
    const name = page.locator(`tr[data-id="${call.id}"] .caller-name`);
    await name.waitFor({ timeout: 10_000 });
    expect(await name.textContent()).toBe(NAME);
    expect(await page.locator(`tr[data-id="${call.id}"] .number-text`).textContent()).toBe(
      '+40 712 345 678',
    );
    expect(await page.locator('#history-rows b').count()).toBe(0);
    await screenshot('history-caller-name');
  }, 60_000);
});
