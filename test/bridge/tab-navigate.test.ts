// The connector's side of the browser companion extension (issue 13), on real loopback sockets:
// a call from a stand-in Accolades server goes through the real Connector and screen-pop, the
// bridge hands the URL to a WebSocket client playing the extension (Origin chrome-extension://…),
// and the record says which path the pop took and why. Whatever the "extension" does — ack, say
// no, stay silent, hang up, send garbage — the pop opens somewhere and is never lost.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachBridge, type BridgeHandle } from '../../electron/core/bridge/attach-bridge.js';
import type { TabNavigatingEvent } from '../../electron/core/bridge/tab-navigator-hub.js';
import { configSchema, type ConnectorConfigInput } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import type { UrlOpener } from '../../electron/core/ports.js';
import type { CallRecord } from '../../electron/core/screen-pop/call-record.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { FakeAccoladesServer } from '../fakes/fake-accolades-server.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { TestClient } from './bridge-clients.js';

const CRM_ID = 'f8cb549544';
const TOKEN = 'tab-test-token';
const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const OTHER_EXTENSION = 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba';
const CRM_PAGE = 'https://crm.example.com';
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

class RecordingOpener implements UrlOpener {
  readonly opened: string[] = [];
  async open(url: string): Promise<void> {
    this.opened.push(url);
  }
}

interface Setup {
  bridge: BridgeHandle;
  port: number;
  logger: MemoryLogger;
  opener: RecordingOpener;
  history: MemoryHistoryStore<CallRecord>;
  navigating: TabNavigatingEvent[];
  /** Rings one call (a fresh number each time) and resolves with its record. */
  ring(): Promise<CallRecord>;
}

let numbers = 0;

async function setup(
  rule: Record<string, unknown> = {},
  ackTimeoutMs = 1500,
  bridgeInput: ConnectorConfigInput['bridge'] = {},
): Promise<Setup> {
  const accolades = await FakeAccoladesServer.start();
  cleanups.push(() => accolades.close());
  const dir = await mkdtemp(join(tmpdir(), 'tab-navigate-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'ca.pem'), accolades.caPem);
  const config = configSchema.parse({
    accolades: { url: accolades.url, crmId: CRM_ID, caFile: join(dir, 'ca.pem') },
    screenPop: { burst: 100, refillSeconds: 0 },
    rules: [{ name: 'CRM', open: `${CRM_PAGE}/contacts?phone={e164}`, ...rule }],
    bridge: {
      enabled: true,
      allowedOrigins: [EXTENSION, OTHER_EXTENSION, CRM_PAGE],
      ...bridgeInput,
    },
  });
  const logger = new MemoryLogger();
  const opener = new RecordingOpener();
  const history = new MemoryHistoryStore<CallRecord>();
  const secrets = new MemorySecretStore({ bridgeToken: TOKEN });
  const connector = new Connector({ config, logger, secrets, history, opener });
  const bridge = await connector.plugIn({
    name: 'bridge',
    attach: async (host: Connector) => {
      const handle = await attachBridge(host, {
        secrets,
        logger,
        listenPort: 0,
        tabSettings: () => ({ ackTimeoutMs, focus: false, newTab: 'background' }),
      });
      return { ...handle, idle: () => handle.settled(), problems: () => [] };
    },
  });
  cleanups.push(() => connector.detachPlugIns());
  cleanups.push(() => connector.stop());
  const records: CallRecord[] = [];
  connector.events.on('call', (record) => records.push(record));
  const navigating: TabNavigatingEvent[] = [];
  bridge.events.on('navigating', (event) => navigating.push(event));
  await connector.start();
  await waitUntil(() => connector.state.phase === 'connected', 'connected');
  const ring = async (): Promise<CallRecord> => {
    const before = records.length;
    accolades.sendCall('inbound', `0722${String(++numbers).padStart(6, '0')}`);
    await waitUntil(() => records.length > before, 'the call record', 10_000);
    return records[before]!;
  };
  return { bridge, port: bridge.port()!, logger, opener, history, navigating, ring };
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A client playing the extension: authenticated, subscribed to the tabs stream. */
async function extension(port: number, origin = EXTENSION): Promise<TestClient> {
  const client = await TestClient.authenticated(port, TOKEN, origin);
  cleanups.push(() => client.close());
  client.send({
    type: 'subscribe',
    stream: 'tabs',
    extension: { browser: 'chromium', version: '0.1.0' },
  });
  await client.waitFor((f) => f.type === 'connector.subscribed' && f.stream === 'tabs');
  return client;
}

/** Answers every navigate it gets with `answer(popId)`. */
function answering(client: TestClient, answer: (popId: string) => Record<string, unknown>): void {
  const answered = new Set<string>();
  client.socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if (frame.type !== 'connector.navigate' || answered.has(String(frame.popId))) return;
    answered.add(String(frame.popId));
    client.send({
      type: 'connector.navigateAck',
      popId: frame.popId,
      ...answer(String(frame.popId)),
    });
  });
}

const viaOf = (record: CallRecord): string | undefined =>
  record.actions[0]?.kind === 'open' ? record.actions[0].via : undefined;

describe('screen-pop into the CRM tab through the bridge', () => {
  it('an ok ack: the tab opened it, the browser did not, the record says which tab', async () => {
    const { port, ring, opener, history, navigating } = await setup();
    const ext = await extension(port);
    answering(ext, () => ({ ok: true, tabId: 17, reused: true }));
    const record = await ring();
    expect(record.outcome.kind).toBe('popped');
    expect(viaOf(record)).toBe('tab 17 (reused)');
    expect(opener.opened).toEqual([]);
    const [navigate] = ext.ofType('connector.navigate');
    expect(navigate).toEqual({
      type: 'connector.navigate',
      popId: expect.any(String),
      url: `${CRM_PAGE}/contacts?phone=${encodeURIComponent(record.number.e164!)}`,
      allowedOrigins: [CRM_PAGE],
      focus: false,
      newTab: 'background',
    });
    // The navigating report reaches the bridge's listeners (trace, bench).
    ext.send({
      type: 'connector.navigating',
      popId: navigate!.popId,
      tabId: 17,
      timeStamp: 1_700_000_000_000.5,
    });
    await waitUntil(() => navigating.length === 1, 'navigating');
    expect(navigating[0]).toMatchObject({ popId: navigate!.popId, tabId: 17 });
    expect((await history.list()).map(viaOf)).toEqual(['tab 17 (reused)']);
  });

  it('a refusal: the browser opens it, and the record says the extension refused and why', async () => {
    const { port, ring, opener } = await setup();
    const ext = await extension(port);
    answering(ext, () => ({ ok: false, reason: 'origin-not-allowed' }));
    const record = await ring();
    expect(record.outcome.kind).toBe('popped');
    expect(viaOf(record)).toBe('browser: extension refused (origin-not-allowed)');
    expect(opener.opened).toHaveLength(1);
  });

  it('a silent extension: the browser opens it once the deadline passed', async () => {
    const { port, ring, opener } = await setup({}, 400);
    const ext = await extension(port);
    const started = Date.now();
    const record = await ring();
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(ext.ofType('connector.navigate')).toHaveLength(1);
    expect(viaOf(record)).toBe('browser: extension silent 400 ms');
    expect(opener.opened).toHaveLength(1);
  });

  it('no extension: the browser at once; `tab` says it was a fallback; `browser` never asks the tab', async () => {
    const auto = await setup();
    expect(viaOf(await auto.ring())).toBe('browser: no extension connected');
    expect(auto.opener.opened).toHaveLength(1);

    const tab = await setup({ openIn: 'tab' });
    expect(viaOf(await tab.ring())).toBe('browser: no extension connected');
    expect(tab.opener.opened).toHaveLength(1);
    expect(tab.logger.text()).toContain('the rule wants the CRM tab; opened in the browser');

    const browser = await setup({ openIn: 'browser' });
    const ext = await extension(browser.port);
    answering(ext, () => ({ ok: true, tabId: 1, reused: true }));
    expect(viaOf(await browser.ring())).toBe('browser (the rule says browser)');
    expect(ext.ofType('connector.navigate')).toEqual([]);
    expect(browser.opener.opened).toHaveLength(1);
  });

  it('the extension hangs up mid-pop: the browser opens it at once, not after the deadline', async () => {
    const { port, ring, opener } = await setup({}, 10_000);
    const ext = await extension(port);
    ext.socket.on('message', (data) => {
      if (String(data).includes('connector.navigate')) ext.socket.terminate();
    });
    const started = Date.now();
    const record = await ring();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(viaOf(record)).toBe('browser: extension disconnected before answering');
    expect(opener.opened).toHaveLength(1);
    // And the next call, with nobody left: no extension.
    expect(viaOf(await ring())).toBe('browser: no extension connected');
  });

  it('two extensions: the most recent one gets the pops; when it leaves, the other one does', async () => {
    const { port, ring } = await setup();
    const first = await extension(port);
    const second = await extension(port, OTHER_EXTENSION);
    answering(first, () => ({ ok: true, tabId: 1, reused: true }));
    answering(second, () => ({ ok: true, tabId: 2, reused: false }));
    expect(viaOf(await ring())).toBe('tab 2 (new)');
    expect(first.ofType('connector.navigate')).toEqual([]);
    second.close();
    await waitUntil(() => second.closeCode !== undefined, 'second closed');
    await new Promise((r) => setTimeout(r, 50));
    expect(viaOf(await ring())).toBe('tab 1 (reused)');
  });

  it('only an authenticated extension origin may subscribe to tabs; others are refused in words', async () => {
    const { port, ring, logger, bridge } = await setup();
    // A CRM web page the admin allowed, with the right token: still not a tab navigator.
    const page = await TestClient.authenticated(port, TOKEN, CRM_PAGE);
    cleanups.push(() => page.close());
    page.send({ type: 'subscribe', stream: 'tabs' });
    expect(await page.waitFor((f) => f.type === 'connector.subscribeRefused')).toEqual({
      type: 'connector.subscribeRefused',
      stream: 'tabs',
      reason: 'only a browser extension may drive tabs',
    });
    // A local program (no Origin).
    const program = await TestClient.authenticated(port, TOKEN);
    cleanups.push(() => program.close());
    program.send({ type: 'subscribe', stream: 'tabs' });
    await program.waitFor((f) => f.type === 'connector.subscribeRefused');
    // An extension that has not authenticated.
    const early = await TestClient.open(port, EXTENSION);
    cleanups.push(() => early.close());
    early.send({ type: 'subscribe', stream: 'tabs' });
    expect(await early.waitFor((f) => f.type === 'connector.subscribeRefused')).toMatchObject({
      reason: 'not authenticated',
    });
    // A page that sends an ack anyway is not listened to.
    page.send({ type: 'connector.navigateAck', popId: 'x', ok: true, tabId: 1, reused: true });
    expect(viaOf(await ring())).toBe('browser: no extension connected');
    expect(page.ofType('connector.navigate')).toEqual([]);
    expect(bridge.clients().filter((c) => c.tabs)).toEqual([]);
    expect(logger.text()).toContain(`bridge refused a tabs subscription from ${CRM_PAGE}`);
  });

  it('hostile frames are ignored with a log line: unknown pop, wrong shape, a pop given to another', async () => {
    const { port, ring, logger, opener } = await setup({}, 3_000);
    const other = await extension(port, OTHER_EXTENSION);
    const ext = await extension(port);
    ext.socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      if (frame.type !== 'connector.navigate') return;
      // Garbage first, from both; then the real answer.
      ext.send({
        type: 'connector.navigateAck',
        popId: 'no-such-pop',
        ok: true,
        tabId: 5,
        reused: true,
      });
      ext.send({ type: 'connector.navigateAck', popId: frame.popId, ok: 'yes' });
      ext.send({
        type: 'connector.navigateAck',
        popId: 'x'.repeat(500),
        ok: true,
        tabId: 5,
        reused: true,
      });
      ext.send({ type: 'connector.navigating', popId: 'no-such-pop', tabId: 5, timeStamp: 1 });
      other.send({ type: 'connector.navigateAck', popId: frame.popId, ok: false, reason: 'error' });
      // The real answer once the bridge has seen the forged one (another socket, no ordering).
      setTimeout(
        () =>
          ext.send({
            type: 'connector.navigateAck',
            popId: frame.popId,
            ok: true,
            tabId: 9,
            reused: false,
          }),
        300,
      );
    });
    const record = await ring();
    expect(viaOf(record)).toBe('tab 9 (new)');
    expect(opener.opened).toEqual([]);
    const text = logger.text();
    expect(text).toContain(
      `bridge ignored an ack for an unknown or finished pop from ${EXTENSION}`,
    );
    expect(text).toContain(`bridge ignored a malformed navigateAck from ${EXTENSION}`);
    expect(text).toContain(
      `bridge ignored a navigating report for an unknown pop from ${EXTENSION}`,
    );
    expect(text).toContain(
      `bridge ignored an ack for a pop it was not given from ${OTHER_EXTENSION}`,
    );
  });

  it('a huge frame from the extension cuts only it off, and its pop opens in the browser at once', async () => {
    const { port, ring, logger, opener } = await setup({}, 10_000);
    const ext = await extension(port);
    ext.socket.on('message', (data) => {
      if (!String(data).includes('connector.navigate')) return;
      ext.socket.send(JSON.stringify({ type: 'connector.navigateAck', pad: 'x'.repeat(100_000) }));
    });
    const started = Date.now();
    const record = await ring();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(viaOf(record)).toBe('browser: extension disconnected before answering');
    expect(opener.opened).toHaveLength(1);
    expect(await ext.waitClosed()).toBe(1009);
    expect(logger.text()).toMatch(/Max payload size exceeded/);
  });

  it('answers the extension keepalive (traffic both ways keeps an MV3 service worker awake)', async () => {
    const { port } = await setup();
    const ext = await extension(port);
    ext.send({ type: 'connector.keepalive' });
    await ext.waitFor((f) => f.type === 'connector.keepalive');
    // A client that is not a tab navigator gets no answer.
    const program = await TestClient.authenticated(port, TOKEN);
    cleanups.push(() => program.close());
    program.send({ type: 'connector.keepalive' });
    await new Promise((r) => setTimeout(r, 200));
    expect(program.ofType('connector.keepalive')).toEqual([]);
  });
});
