// The hosted connector page in Debian's Chromium against the real pairing endpoint. The page is
// built by the real build script and served from its own loopback port (standing in for the
// Accolades site), so the request is cross-origin and Chromium runs a real CORS preflight. It
// runs, as on Accolades, in a hidden iframe of a stand-in Agent page; opened on its own or
// framed by another site, it must send nothing.
// Here Chromium sees loopback → loopback (one address space), so no Local Network Access check
// happens; hosted-connector-lna.test.ts makes the page "public" to cover that.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentPageUrl,
  buildHostedConnector,
  CHROMIUM,
  freePort,
  loadAndCollect,
  QUERY,
  SAY,
  startPageServer,
  type PageServer,
} from './hosted-page.js';
import { startPairing, type PairingSetup } from './pairing-setup.js';

let browser: Browser | undefined;
let context: BrowserContext;
let site: PageServer;
/** Another site, which frames the hosted connector with its own query. */
let stranger: PageServer;
let dir: string;
let pairing: PairingSetup | undefined;

describe.skipIf(!existsSync(CHROMIUM))('hosted connector page in Chromium', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hosted-connector-'));
    site = await startPageServer(dir);
    stranger = await startPageServer(dir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu'],
    });
    context = await browser.newContext();
  }, 30_000);

  afterEach(async () => {
    await pairing?.pairing.detach();
    pairing = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stranger?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const pageUrl = (): string => `${site.origin}/index.html${QUERY}`;
  /** The Agent page (on `site`) with the hosted connector in its hidden iframe. */
  const inAgentPage = (): string => agentPageUrl(site, pageUrl());

  it('hands the agent ID to the tray app (after a CORS preflight) without taking the WSS slot', async () => {
    pairing = await startPairing({ pairing: { allowedOrigins: [site.origin] } });
    await buildHostedConnector(pairing.port, dir, [site.origin]);
    const { ours, sockets } = await loadAndCollect(context, inAgentPage());
    expect(ours).toEqual([`${SAY}the tray app will ask you to confirm your CRM ID.`]);
    expect(pairing.requests).toHaveLength(1);
    expect(pairing.requests[0]).toMatchObject({
      agentId: 'f8cb549544',
      serverUrl: 'wss://client.voipit.ro:14327',
      origin: site.origin,
    });
    expect(pairing.pairing.counters()?.preflights).toBeGreaterThanOrEqual(1);
    expect(sockets).toEqual([]);
    await pairing.pairing.confirm(pairing.requests[0]!.id);
    expect(pairing.settings.saved).toEqual([{ crmId: 'f8cb549544' }]);
  });

  it('sends nothing when opened on its own, outside the Agent page', async () => {
    pairing = await startPairing({ pairing: { allowedOrigins: [site.origin] } });
    await buildHostedConnector(pairing.port, dir, [site.origin]);
    const { ours } = await loadAndCollect(context, pageUrl());
    expect(ours).toEqual([
      `${SAY}this page works only inside the Accolades Agent page; opened on its own, it sends nothing.`,
    ]);
    expect(pairing.requests).toEqual([]);
    expect(pairing.pairing.counters()).toEqual({
      preflights: 0,
      accepted: 0,
      refused: 0,
      limited: 0,
    });
  });

  it('sends nothing when another site frames it with its own agent ID and server', async () => {
    pairing = await startPairing({ pairing: { allowedOrigins: [site.origin] } });
    await buildHostedConnector(pairing.port, dir, [site.origin]);
    const hostile = `${site.origin}/index.html?agentId=attacker&serverFqdn=calls.attacker.example&serverPort=443`;
    const { ours } = await loadAndCollect(context, agentPageUrl(stranger, hostile));
    expect(ours).toEqual([
      `${SAY}this page is inside ${stranger.origin}, not the Accolades Agent page; nothing was sent.`,
    ]);
    expect(pairing.requests).toEqual([]);
    expect(pairing.pairing.counters()).toEqual({
      preflights: 0,
      accepted: 0,
      refused: 0,
      limited: 0,
    });
  });

  it("shows the tray app's reason when the Agent page names a server that is not allowed", async () => {
    pairing = await startPairing({ pairing: { allowedOrigins: [site.origin] } });
    await buildHostedConnector(pairing.port, dir, [site.origin]);
    const src = `${site.origin}/index.html?agentId=f8cb549544&serverFqdn=calls.attacker.example&serverPort=443`;
    const { ours } = await loadAndCollect(context, agentPageUrl(site, src));
    expect(ours).toEqual([
      `${SAY}the tray app does not accept the Accolades server this page names (it is not in pairing.allowedServers); nothing changed.`,
    ]);
    expect(pairing.requests).toEqual([]);
  });

  it('says once in the console that the tray app is not reachable, and does nothing else', async () => {
    await buildHostedConnector(await freePort(), dir, [site.origin]);
    const { ours, all, sockets } = await loadAndCollect(context, inAgentPage());
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('the tray app is not reachable on this computer');
    expect(sockets).toEqual([]);
    // Chromium itself adds its own network error line; nothing else may appear.
    for (const other of all.filter((m) => !m.text().startsWith(SAY))) {
      expect(other.type()).toBe('error');
      expect(other.text()).toMatch(/ERR_CONNECTION_REFUSED|Failed to load resource/);
    }
  });

  it('is refused by the browser when the page origin is not allowed (no pairing request)', async () => {
    pairing = await startPairing({}); // default: only https://client.voipit.ro
    await buildHostedConnector(pairing.port, dir, [site.origin]);
    const { ours } = await loadAndCollect(context, inAgentPage());
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('not reachable');
    expect(pairing.requests).toEqual([]);
    expect(pairing.pairing.counters()?.refused).toBeGreaterThanOrEqual(1);
  });

  it('says there is nothing to pair when Accolades gave no agentId', async () => {
    await buildHostedConnector(await freePort(), dir);
    const { ours } = await loadAndCollect(context, `${site.origin}/index.html`);
    expect(ours).toEqual([
      `${SAY}no agentId, serverFqdn or serverPort in the page address; nothing to pair.`,
    ]);
  });
});
