// Pairing a browser extension with the bridge, on real loopback sockets with forged Origin
// headers: the right code gives a token only that origin can use; wrong codes void the code;
// codes expire and are single use; web pages and local programs can never pair; unpairing cuts.
import { afterEach, describe, expect, it } from 'vitest';
import { attachBridge, type BridgeHandle } from '../../electron/core/bridge/attach-bridge.js';
import { tokenSha256 } from '../../electron/core/bridge/extension-pairing.js';
import {
  configSchema,
  type ConnectorConfigInput,
  type PairedExtension,
} from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { TestClient } from './bridge-clients.js';

const CHROME_A = `chrome-extension://${'a'.repeat(32)}`;
const CHROME_B = `chrome-extension://${'b'.repeat(32)}`;
const FIREFOX = 'moz-extension://0f3c2a9e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const CRM = 'https://crm.example.com';
const BRIDGE_TOKEN = 'bridge-token-for-scripts';
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  connector: Connector;
  bridge: BridgeHandle;
  port: number;
  clock: FakeClock;
  code: () => string;
}

async function setup(input: ConnectorConfigInput = {}, locked = false): Promise<Setup> {
  const clock = new FakeClock();
  const connector = new Connector({
    config: configSchema.parse({ ...input, bridge: { enabled: true, ...input.bridge } }),
    logger: new MemoryLogger(),
    secrets: new MemorySecretStore({ bridgeToken: BRIDGE_TOKEN }),
    history: new MemoryHistoryStore(),
  });
  const bridge = await attachBridge(connector, {
    secrets: new MemorySecretStore({ bridgeToken: BRIDGE_TOKEN }),
    logger: new MemoryLogger(),
    clock,
    listenPort: 0,
    // Longer than a code's life, so the expiry test sees the code expire, not the socket.
    authTimeoutMs: 5 * 60_000,
    savePairedExtensions: async (list: PairedExtension[]) => {
      if (locked) throw new Error('browserTab.pairedExtensions is set by your administrator');
      const config = connector.getConfig();
      await connector.applyConfig({
        ...config,
        browserTab: { ...config.browserTab, pairedExtensions: list },
      });
    },
  });
  cleanups.push(() => bridge.detach());
  let last = '';
  return {
    connector,
    bridge,
    port: bridge.port() ?? -1,
    clock,
    code: () => {
      last = bridge.extensionPairing.startCode().code;
      return last;
    },
  };
}

async function open(port: number, origin?: string): Promise<TestClient> {
  const client = await TestClient.open(port, origin);
  cleanups.push(() => client.close());
  return client;
}

/** One pairing attempt on its own socket, as the extension's options page makes it. */
async function tryPair(port: number, origin: string | undefined, code: string) {
  const client = await open(port, origin);
  client.send({ type: 'connector.pair', code, browser: 'chromium' });
  const answer = await client.waitFor(
    (f) => f.type === 'connector.paired' || f.type === 'connector.pairFailed',
  );
  expect(await client.waitClosed()).toBe(1000); // one try per socket
  return answer;
}

async function signIn(port: number, token: string, origin?: string) {
  const client = await open(port, origin);
  client.send({ type: 'authRequest', idCrm: token });
  const answer = await client.waitFor((f) => f.type === 'authSuccess' || f.type === 'authFailed');
  return { client, answer: answer.type as string };
}

describe('pairing a browser extension with a code', () => {
  it('the right code pairs the origin: a token comes back, only its hash is kept, and it signs in', async () => {
    const s = await setup();
    // Not allowed by hand, and no code open: the extension cannot even connect.
    await expect(TestClient.open(s.port, CHROME_A)).rejects.toThrow('HTTP 403');

    const answer = await tryPair(s.port, CHROME_A, s.code());
    expect(answer.type).toBe('connector.paired');
    const token = String(answer.token);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url

    const saved = s.connector.getConfig().browserTab.pairedExtensions;
    expect(saved).toEqual([
      {
        origin: CHROME_A,
        browser: 'chromium',
        tokenSha256: tokenSha256(token),
        pairedAt: '2026-11-25T09:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(s.connector.getConfig())).not.toContain(token);
    expect(s.connector.getConfig().bridge.allowedOrigins).toEqual([]);

    const { answer: auth } = await signIn(s.port, token, CHROME_A);
    expect(auth).toBe('authSuccess');
  });

  it('five wrong codes void the code: the right one no longer works', async () => {
    const s = await setup();
    const code = s.code();
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 1; i <= 4; i++) {
      expect(await tryPair(s.port, FIREFOX, wrong)).toMatchObject({
        type: 'connector.pairFailed',
        reason: 'wrong-code',
        message: 'Wrong code.',
      });
    }
    expect(await tryPair(s.port, FIREFOX, wrong)).toMatchObject({
      reason: 'wrong-code',
      message: expect.stringContaining('void'),
    });
    // The code is gone: an unpaired extension is not even let in any more.
    await expect(TestClient.open(s.port, FIREFOX)).rejects.toThrow('HTTP 403');
    expect(s.connector.getConfig().browserTab.pairedExtensions).toEqual([]);
  });

  it('four wrong codes still leave the right one working (the count is not off by one)', async () => {
    const s = await setup();
    const code = s.code();
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 4; i++) await tryPair(s.port, FIREFOX, wrong);
    expect(await tryPair(s.port, FIREFOX, code)).toMatchObject({ type: 'connector.paired' });
    expect(s.connector.getConfig().browserTab.pairedExtensions[0]).toMatchObject({
      origin: FIREFOX,
      browser: 'firefox',
    });
  });

  it('an expired code pairs nothing, on a socket opened before or after the 2 minutes', async () => {
    const s = await setup();
    const code = s.code();
    const early = await open(s.port, CHROME_A); // admitted while the code was open
    s.clock.advance(2 * 60_000);
    early.send({ type: 'connector.pair', code });
    expect(await early.waitFor((f) => f.type === 'connector.pairFailed')).toMatchObject({
      reason: 'no-code',
    });
    await expect(TestClient.open(s.port, CHROME_A)).rejects.toThrow('HTTP 403');
    expect(s.connector.getConfig().browserTab.pairedExtensions).toEqual([]);
  });

  it('a code is single use: a second extension cannot use it, nor can the first again', async () => {
    const s = await setup();
    const code = s.code();
    expect(await tryPair(s.port, CHROME_A, code)).toMatchObject({ type: 'connector.paired' });
    await expect(TestClient.open(s.port, CHROME_B)).rejects.toThrow('HTTP 403');
    // CHROME_A is paired, so it may connect, but the code is spent.
    expect(await tryPair(s.port, CHROME_A, code)).toMatchObject({ reason: 'no-code' });
    expect(s.connector.getConfig().browserTab.pairedExtensions.map((e) => e.origin)).toEqual([
      CHROME_A,
    ]);
  });

  it('a web page can never pair: refused at the door, or answered "not an extension" when allowed', async () => {
    const s = await setup({ bridge: { allowedOrigins: [CRM] } });
    const code = s.code();
    await expect(TestClient.open(s.port, 'https://evil.example.com')).rejects.toThrow('HTTP 403');
    expect(await tryPair(s.port, CRM, code)).toMatchObject({ reason: 'not-an-extension' });
    expect(await tryPair(s.port, undefined, code)).toMatchObject({ reason: 'not-an-extension' });
    // A look-alike origin is not an extension origin either.
    await expect(TestClient.open(s.port, 'chrome-extension://short')).rejects.toThrow('HTTP 403');
    expect(s.connector.getConfig().browserTab.pairedExtensions).toEqual([]);
    // Those tries did not spend the code.
    expect(await tryPair(s.port, CHROME_A, code)).toMatchObject({ type: 'connector.paired' });
  });

  it('a pair-only socket cannot sign in, not even with the bridge token', async () => {
    const s = await setup();
    s.code();
    const client = await open(s.port, CHROME_A);
    client.send({ type: 'authRequest', idCrm: BRIDGE_TOKEN });
    expect(await client.waitFor((f) => f.type === 'connector.pairFailed')).toMatchObject({
      reason: 'pair-only',
    });
    await client.waitClosed();
    expect(client.ofType('authSuccess')).toEqual([]);
  });

  it("a paired token works from its own origin only, not another extension's nor a program's", async () => {
    const s = await setup({ bridge: { allowedOrigins: [CHROME_B] } });
    const token = String((await tryPair(s.port, CHROME_A, s.code())).token);
    // CHROME_B is allowed by the admin, so it gets to authRequest; A's token is not its key.
    expect((await signIn(s.port, token, CHROME_B)).answer).toBe('authFailed');
    expect((await signIn(s.port, token, undefined)).answer).toBe('authFailed');
    expect((await signIn(s.port, token, CHROME_A)).answer).toBe('authSuccess');
    // The admin-allowed extension signs in with the bridge token (pre-set in managed storage).
    expect((await signIn(s.port, BRIDGE_TOKEN, CHROME_B)).answer).toBe('authSuccess');
  });

  it('unpairing cuts the connected extension at once and shuts the door', async () => {
    const s = await setup();
    const token = String((await tryPair(s.port, CHROME_A, s.code())).token);
    const { client, answer } = await signIn(s.port, token, CHROME_A);
    expect(answer).toBe('authSuccess');
    expect(await s.bridge.extensionPairing.unpair(CHROME_A)).toBe(true);
    await client.waitClosed();
    expect(s.connector.getConfig().browserTab.pairedExtensions).toEqual([]);
    await expect(TestClient.open(s.port, CHROME_A)).rejects.toThrow('HTTP 403');
  });

  it('limits pairing attempts to 10 a minute from everyone together', async () => {
    const s = await setup();
    const token = String((await tryPair(s.port, CHROME_A, s.code())).token);
    expect(token).not.toBe('');
    // The first attempt above counted; nine more without an open code.
    for (let i = 0; i < 9; i++) {
      expect(await tryPair(s.port, CHROME_A, '123456')).toMatchObject({ reason: 'no-code' });
    }
    const code = s.code();
    expect(await tryPair(s.port, CHROME_B, code)).toMatchObject({ reason: 'rate-limited' });
    s.clock.advance(60_000);
    expect(await tryPair(s.port, CHROME_B, code)).toMatchObject({ type: 'connector.paired' });
  });

  it('says why when the admin locked the paired list, and keeps nothing', async () => {
    const s = await setup({}, true);
    expect(await tryPair(s.port, CHROME_A, s.code())).toMatchObject({
      reason: 'not-saved',
      message: expect.stringContaining('administrator'),
    });
    await expect(TestClient.open(s.port, CHROME_A)).rejects.toThrow('HTTP 403');
  });

  it("the popup's Test asks the tab extension to open the CRM home page, never a rendered pop", async () => {
    const s = await setup({
      bridge: { allowedOrigins: [CRM] },
      rules: [{ name: 'CRM', open: 'https://crm.example.com/search?phone={e164}' }],
    });
    const token = String((await tryPair(s.port, CHROME_A, s.code())).token);
    const worker = (await signIn(s.port, token, CHROME_A)).client;
    worker.send({
      type: 'subscribe',
      stream: 'tabs',
      extension: { browser: 'chromium', version: '0.1.0' },
    });
    await worker.waitFor((f) => f.type === 'connector.subscribed');

    const popup = (await signIn(s.port, token, CHROME_A)).client;
    popup.send({ type: 'connector.tabTest' });
    const navigate = await worker.waitFor((f) => f.type === 'connector.navigate');
    expect(navigate).toMatchObject({
      url: 'https://crm.example.com/',
      allowedOrigins: ['https://crm.example.com'],
    });
    worker.send({
      type: 'connector.navigateAck',
      popId: navigate.popId,
      ok: true,
      tabId: 7,
      reused: true,
    });
    expect(await popup.waitFor((f) => f.type === 'connector.tabTestResult')).toMatchObject({
      ok: true,
      url: 'https://crm.example.com/',
      message: expect.stringContaining('tab 7 (reused)'),
    });

    // A web page signed in with the bridge token gets no test (and no navigate goes out).
    const page = (await signIn(s.port, BRIDGE_TOKEN, CRM)).client;
    page.send({ type: 'connector.tabTest' });
    await new Promise((r) => setTimeout(r, 200));
    expect(page.ofType('connector.tabTestResult')).toEqual([]);
    expect(worker.ofType('connector.navigate')).toHaveLength(1);
  });

  it('Test says so when no rule opens a web page', async () => {
    const s = await setup();
    const token = String((await tryPair(s.port, FIREFOX, s.code())).token);
    const popup = (await signIn(s.port, token, FIREFOX)).client;
    popup.send({ type: 'connector.tabTest' });
    expect(await popup.waitFor((f) => f.type === 'connector.tabTestResult')).toMatchObject({
      ok: false,
      message: 'No screen-pop rule opens a web page yet.',
    });
  });
});
