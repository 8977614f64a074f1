// The local event bridge on real loopback sockets: drop-in compatibility with the Accolades
// message shapes (end to end from a stand-in Accolades server), the Origin allowlist, tokens,
// the connector.* stream, a stalled client, many clients, the off switch.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachBridge, type BridgeHandle } from '../../electron/core/bridge/attach-bridge.js';
import { assertLoopbackHost } from '../../electron/core/bridge/loopback.js';
import { configSchema, type ConnectorConfigInput } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import type { CallNotification } from '../../electron/core/calls.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { FakeAccoladesServer } from '../fakes/fake-accolades-server.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { stalledClient, TestClient } from './bridge-clients.js';

const CRM_ID = 'f8cb549544';
/** The bridge token: the credential a client sends by default (bridge.requireToken). */
const TOKEN = 'b7d1c0ffee-token';
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  connector: Connector;
  bridge: BridgeHandle;
  port: number;
  logger: MemoryLogger;
  secrets: MemorySecretStore;
}

async function setup(
  input: ConnectorConfigInput = {},
  extra: { maxBufferedBytes?: number; token?: string; authTimeoutMs?: number } = {},
): Promise<Setup> {
  const config = configSchema.parse({
    ...input,
    accolades: { crmId: CRM_ID, ...input.accolades },
    bridge: { enabled: true, ...input.bridge },
  });
  const logger = new MemoryLogger();
  // The token is stored unless a test passes '' (none set).
  const token = extra.token ?? TOKEN;
  const secrets = new MemorySecretStore(token ? { bridgeToken: token } : {});
  const connector = new Connector({
    config,
    logger,
    secrets,
    history: new MemoryHistoryStore(),
  });
  const bridge = await attachBridge(connector, {
    secrets,
    logger,
    listenPort: 0,
    maxBufferedBytes: extra.maxBufferedBytes,
    authTimeoutMs: extra.authTimeoutMs,
  });
  cleanups.push(() => bridge.detach());
  return { connector, bridge, port: bridge.port() ?? -1, logger, secrets };
}

async function client(port: number, idCrm = TOKEN, origin?: string): Promise<TestClient> {
  const c = await TestClient.authenticated(port, idCrm, origin);
  cleanups.push(() => c.close());
  return c;
}

function notification(message: Record<string, unknown>): CallNotification {
  return {
    direction: message.type === 'outgoingCall' ? 'outbound' : 'inbound',
    rawNumber: String(message.phoneNumber),
    receivedAt: Date.now(),
    receivedMono: 0,
    message,
  };
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('event bridge: Accolades protocol, drop-in', () => {
  it('relays auth, the configuration answer and call frames exactly as Accolades sent them', async () => {
    const accolades = await FakeAccoladesServer.start({
      auth: { kind: 'success', spelling: 'authSucces', version: '2.0.7' },
    });
    cleanups.push(() => accolades.close());
    const dir = await mkdtemp(join(tmpdir(), 'bridge-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'ca.pem'), accolades.caPem);
    const { connector, port } = await setup({
      accolades: { url: accolades.url, caFile: join(dir, 'ca.pem') },
    });
    cleanups.push(() => connector.stop());
    await connector.start();
    await waitUntil(() => connector.getConfigurationAnswer() !== undefined, 'configuration');

    // What an integration written for Accolades does, with the address changed and the bridge
    // token in place of the CRM ID (bridge.requireToken, the default).
    const crm = await TestClient.open(port);
    cleanups.push(() => crm.close());
    crm.send({ type: 'authRequest', idCrm: TOKEN });
    expect(await crm.waitFor((f) => f.type === 'authSuccess')).toEqual({
      type: 'authSuccess',
      version: '2.0.7',
    });
    crm.send({ type: 'configuration' });
    expect(await crm.waitFor((f) => f.type === 'configuration')).toEqual(
      accolades.configurationAnswer,
    );

    const incoming = { type: 'incomingCall', phoneNumber: '0712 345 678', queue: 'Sales', x: [1] };
    const outgoing = { type: 'outgoingCall', phoneNumber: '+40212223344' };
    accolades.sendJson(incoming);
    accolades.sendJson(outgoing);
    await crm.waitFor((f) => f.type === 'outgoingCall');
    expect(
      crm.frames.filter((f) => f.type !== 'authSuccess' && f.type !== 'configuration'),
    ).toEqual([incoming, outgoing]);
    // The richer stream is opt-in: nothing connector.* arrived.
    expect(crm.frames.some((f) => String(f.type).startsWith('connector.'))).toBe(false);
  });

  it('answers configuration with empty values before Accolades sent one', async () => {
    const { port } = await setup();
    const crm = await client(port);
    crm.send({ type: 'configuration' });
    expect(await crm.waitFor((f) => f.type === 'configuration')).toEqual({
      type: 'configuration',
      account: '',
      phone: '',
      agent: '',
    });
  });

  it('refuses a wrong token with authFailed ID_NOT_FOUND, closes, and sends it no calls', async () => {
    const { connector, port, bridge, logger } = await setup();
    const intruder = await TestClient.open(port);
    cleanups.push(() => intruder.close());
    intruder.send({ type: 'configuration' }); // before auth: ignored
    intruder.send({ type: 'authRequest', idCrm: 'f8cb549545' });
    expect(await intruder.waitFor((f) => f.type === 'authFailed')).toEqual({
      type: 'authFailed',
      reason: 'ID_NOT_FOUND',
    });
    expect(await intruder.waitClosed()).toBe(1008);
    connector.events.emit('notification', notification({ type: 'incomingCall', phoneNumber: '1' }));
    expect(intruder.frames.map((f) => f.type)).toEqual(['authFailed']);
    expect(logger.text()).toContain('wrong CRM ID or token');
    await waitUntil(() => bridge.clients().length === 0, 'client gone');
  });

  it('by default accepts only the bridge token: the CRM ID alone is refused, and the log says why', async () => {
    expect(configSchema.parse({}).bridge.requireToken).toBe(true);
    const { port, logger } = await setup();
    const crmOnly = await TestClient.open(port);
    cleanups.push(() => crmOnly.close());
    crmOnly.send({ type: 'authRequest', idCrm: CRM_ID });
    expect(await crmOnly.waitFor((f) => f.type === 'authFailed')).toEqual({
      type: 'authFailed',
      reason: 'ID_NOT_FOUND',
    });
    expect(logger.text()).toContain(
      "sent the agent's CRM ID; only the bridge token is accepted (bridge.requireToken)",
    );
    await client(port, TOKEN);
  });

  it('says in the log that nobody can sign in while no bridge token is set', async () => {
    const { port, logger } = await setup({}, { token: '' });
    const c = await TestClient.open(port);
    cleanups.push(() => c.close());
    c.send({ type: 'authRequest', idCrm: CRM_ID });
    await c.waitFor((f) => f.type === 'authFailed');
    expect(logger.text()).toContain(
      'no bridge token is set, so no client can sign in; set one in the settings',
    );
  });

  it('bridge.requireToken: false (set explicitly) also accepts the CRM ID; "" never matches', async () => {
    const { port } = await setup({ bridge: { requireToken: false } });
    await client(port, CRM_ID);
    await client(port, TOKEN);
    const empty = await TestClient.open(port);
    cleanups.push(() => empty.close());
    empty.send({ type: 'authRequest', idCrm: '' });
    await empty.waitFor((f) => f.type === 'authFailed');
  });

  it('ignores junk frames and survives an oversize frame, which only closes that client', async () => {
    const { connector, port } = await setup();
    const good = await client(port);
    const noisy = await client(port);
    noisy.socket.send('not json');
    noisy.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    noisy.send({ type: 'authRequest', idCrm: { $ne: '' } });
    noisy.send({ type: 'somethingNew' });
    const huge = await TestClient.open(port);
    cleanups.push(() => huge.close());
    huge.socket.send('x'.repeat(10_000));
    expect(await huge.waitClosed()).toBe(1009);
    connector.events.emit('notification', notification({ type: 'incomingCall', phoneNumber: '5' }));
    await good.waitFor((f) => f.type === 'incomingCall');
    await noisy.waitFor((f) => f.type === 'incomingCall');
  });

  it('closes a client that never authenticates', async () => {
    const { port } = await setup({}, { authTimeoutMs: 50 });
    const lazy = await TestClient.open(port);
    cleanups.push(() => lazy.close());
    expect(await lazy.waitClosed()).toBe(1008);
  });
});

describe('event bridge: who may connect', () => {
  it('accepts only allowed Origins, names every client, and lets local programs in', async () => {
    const { port, bridge, logger } = await setup({
      bridge: { allowedOrigins: ['https://crm.example.com'] },
    });
    await client(port, TOKEN, 'https://crm.example.com');
    await client(port);
    await expect(TestClient.open(port, 'https://evil.example.net')).rejects.toThrow('HTTP 403');
    await expect(TestClient.open(port, 'https://crm.example.com.evil.net')).rejects.toThrow('403');
    await expect(TestClient.open(port, 'null')).rejects.toThrow('HTTP 403');
    const names = bridge.clients().map((c) => c.name);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^https:\/\/crm\.example\.com \(port \d+\)$/);
    expect(names[1]).toMatch(/^local program \(port \d+\)$/);
    expect(bridge.clients().every((c) => c.authenticated)).toBe(true);
    expect(logger.text()).toContain('refused a web page from https://evil.example.net');
  });

  it('listens on 127.0.0.1 only and refuses any other host in code', async () => {
    const { port } = await setup();
    expect(() => assertLoopbackHost('0.0.0.0')).toThrow(/only 127\.0\.0\.1/);
    expect(() => assertLoopbackHost('::')).toThrow();
    expect(() => assertLoopbackHost('localhost')).toThrow();
    // Nothing answers on the IPv6 loopback or on another local address.
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '::1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it('is off by default and follows the enabled switch', async () => {
    const config = configSchema.parse({ accolades: { crmId: CRM_ID } });
    expect(config.bridge.enabled).toBe(false);
    const logger = new MemoryLogger();
    const secrets = new MemorySecretStore({ bridgeToken: TOKEN });
    const connector = new Connector({ config, logger, secrets, history: new MemoryHistoryStore() });
    const bridge = await attachBridge(connector, { secrets, logger, listenPort: 0 });
    cleanups.push(() => bridge.detach());
    expect(bridge.port()).toBeUndefined();

    await connector.applyConfig(configSchema.parse({ ...config, bridge: { enabled: true } }));
    await bridge.settled();
    const port = bridge.port()!;
    const c = await client(port);
    await connector.applyConfig(configSchema.parse({ ...config, bridge: { enabled: false } }));
    await bridge.settled();
    expect(bridge.port()).toBeUndefined();
    await c.waitClosed();
    await expect(TestClient.open(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reports a taken port as a problem instead of throwing', async () => {
    const first = await setup();
    const logger = new MemoryLogger();
    const secrets = new MemorySecretStore();
    const connector = new Connector({
      config: configSchema.parse({ bridge: { enabled: true } }),
      logger,
      secrets,
      history: new MemoryHistoryStore(),
    });
    const bridge = await attachBridge(connector, { secrets, logger, listenPort: first.port });
    cleanups.push(() => bridge.detach());
    expect(bridge.port()).toBeUndefined();
    // The holder is this very process (see port-taken.test.ts for other programs and users).
    expect(logger.text()).toContain(`cannot listen on 127.0.0.1:${first.port}:`);
    expect(bridge.problem()?.message).toContain(`port ${first.port}`);
  });
});

describe('event bridge: delivery', () => {
  it('sends the connector stream (state, normalized call, trace) only to subscribers', async () => {
    const { connector, port } = await setup({
      rules: [
        {
          name: 'CRM',
          direction: 'inbound',
          open: 'https://crm.example.com/?q={e164}',
          pop: 'click',
        },
      ],
    });
    const plain = await client(port);
    const rich = await client(port);
    rich.send({ type: 'subscribe', stream: 'connector' });
    await rich.waitFor((f) => f.type === 'connector.subscribed');
    expect(await rich.waitFor((f) => f.type === 'connector.state')).toMatchObject({
      phase: 'stopped',
    });
    const record = await connector.handleTestCall('0712345678', 'inbound');
    const call = await rich.waitFor((f) => f.type === 'connector.call');
    expect(call).toMatchObject({
      callId: record.id,
      direction: 'inbound',
      number: { raw: '0712345678', e164: '+40712345678', national: '0712345678', kind: 'external' },
      rules: { matched: ['CRM'] },
      pendingClick: true,
    });
    expect(String((call.rules as { summary: string }).summary)).not.toBe('');
    connector.events.emit('state', { phase: 'connecting', statusLine: 'Connecting…', attempt: 1 });
    await rich.waitFor((f) => f.type === 'connector.state' && f.phase === 'connecting');
    connector.events.emit('notification', notification({ type: 'incomingCall', phoneNumber: '9' }));
    await plain.waitFor((f) => f.type === 'incomingCall');
    expect(plain.frames.some((f) => String(f.type).startsWith('connector.'))).toBe(false);
  });

  it('delivers every call to many clients', async () => {
    const { connector, port, bridge } = await setup();
    const clients = await Promise.all(Array.from({ length: 40 }, () => client(port)));
    expect(bridge.clients()).toHaveLength(40);
    for (let i = 0; i < 5; i += 1) {
      connector.events.emit(
        'notification',
        notification({ type: 'incomingCall', phoneNumber: `07000000${i}` }),
      );
    }
    for (const c of clients) {
      await c.until(() => c.ofType('incomingCall').length === 5, 'five calls');
      expect(c.ofType('incomingCall').map((f) => f.phoneNumber)).toEqual([
        '070000000',
        '070000001',
        '070000002',
        '070000003',
        '070000004',
      ]);
    }
  });

  it('cuts off a client that stopped reading; the others get every frame', async () => {
    const { connector, port, bridge, logger } = await setup({}, { maxBufferedBytes: 256 * 1024 });
    const reader = await client(port);
    const stalled = await stalledClient(port, TOKEN);
    cleanups.push(() => void stalled.destroy());
    await waitUntil(() => bridge.clients().filter((c) => c.authenticated).length === 2, 'auth');

    const filler = 'x'.repeat(32 * 1024);
    let sent = 0;
    // Each emit returns at once: the bridge only queues. Keep calling until the stalled client
    // has been cut off (the kernel's socket buffers absorb the first few megabytes).
    while (bridge.clients().length === 2 && sent < 2_000) {
      connector.events.emit(
        'notification',
        notification({ type: 'incomingCall', phoneNumber: String(sent), filler }),
      );
      sent += 1;
      await new Promise((r) => setImmediate(r));
    }
    expect(bridge.clients()).toHaveLength(1);
    expect(logger.text()).toMatch(/local program \(port \d+\) disconnected: it is not reading/);
    await reader.until(() => reader.ofType('incomingCall').length === sent, 'every call');
    expect(reader.ofType('incomingCall').map((f) => f.phoneNumber)).toEqual(
      Array.from({ length: sent }, (_, i) => String(i)),
    );
  });
});
