// Caller-name lookup against a real local HTTPS server with a CA minted for this run: found,
// slow (timeout; the pop is not delayed), failing, malformed, huge, cached, hostile text.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type ConnectorConfigInput } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import { attachLookup, type LookupEvents } from '../../electron/core/lookup/attach-lookup.js';
import { attachBridge } from '../../electron/core/bridge/attach-bridge.js';
import { ContactLookup, type LookupResult } from '../../electron/core/lookup/contact-lookup.js';
import { lookupConfigProblems } from '../../electron/core/lookup/lookup-config.js';
import { TestClient } from '../bridge/bridge-clients.js';
import { createHttpsAgent } from '../../electron/core/net/https-agent.js';
import { normalizePhone } from '../../electron/core/phone/normalize-phone.js';
import type { Clock } from '../../electron/core/ports.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { systemClock } from '../../electron/core/system-clock.js';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: https.Server;
let caPem: string;
let handler: Handler;
const requests: IncomingMessage[] = [];
const held: ServerResponse[] = [];

beforeAll(async () => {
  const ca = await createCertificateAuthority();
  caPem = ca.cert;
  const leaf = await ca.issueServer();
  server = https.createServer({ cert: leaf.cert, key: leaf.key }, (req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
  handler = json({ name: 'Ion Popescu' });
});

function json(body: unknown, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

function url(path = '/contacts?phone={e164}'): string {
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
}

function config(lookup: ConnectorConfigInput['lookup'] = {}) {
  return configSchema.parse({
    accolades: { crmId: 'agent-7' },
    lookup: { url: url(), apiKeyHeader: 'X-Api-Key', ...lookup },
  });
}

function makeLookup(
  lookupConfig: ConnectorConfigInput['lookup'] = {},
  clock: Clock = systemClock,
  logger = new MemoryLogger(),
) {
  const cfg = config(lookupConfig);
  const lookup = new ContactLookup({
    getConfig: () => cfg,
    secrets: new MemorySecretStore({ lookupApiKey: 'k-123-secret' }),
    logger,
    clock,
    agent: async () => createHttpsAgent({ caPem }),
  });
  return { lookup, logger };
}

function values(raw = '0712345678') {
  return {
    direction: 'inbound' as const,
    number: normalizePhone(raw, { defaultCountry: 'RO', internalMaxDigits: 4 }),
    crmId: 'agent-7',
    timeMs: Date.UTC(2026, 10, 25),
    configuration: undefined,
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('caller-name lookup', () => {
  it('finds the name at the configured path, with the encoded number and the API key header', async () => {
    handler = json({ data: [{ fullName: 'Ana Ionescu' }] });
    const { lookup, logger } = makeLookup({ namePath: 'data.0.fullName' });
    expect(await lookup.lookup(values('+40 712 345 678'))).toEqual({
      kind: 'found',
      contacts: [{ name: 'Ana Ionescu' }],
      name: 'Ana Ionescu',
      cached: false,
    });
    expect(requests[0]!.url).toBe('/contacts?phone=%2B40712345678');
    expect(requests[0]!.headers['x-api-key']).toBe('k-123-secret');
    expect(logger.text()).not.toContain('k-123-secret');
  });

  it('answers from the cache within cacheSeconds, then asks again', async () => {
    const clock = new FakeClock();
    const { lookup } = makeLookup({ cacheSeconds: 60 }, clock);
    expect((await lookup.lookup(values())).kind).toBe('found');
    expect(await lookup.lookup(values())).toMatchObject({ kind: 'found', cached: true });
    expect(requests).toHaveLength(1);
    clock.advance(61_000);
    expect(await lookup.lookup(values())).toMatchObject({ kind: 'found', cached: false });
    expect(requests).toHaveLength(2);
  });

  it('treats 404 and a missing name as not found (and caches that too)', async () => {
    handler = json({ error: 'no contact' }, 404);
    const { lookup } = makeLookup();
    expect(await lookup.lookup(values())).toEqual({ kind: 'not-found', cached: false });
    handler = json({ other: 'x' });
    expect(await lookup.lookup(values('0722000000'))).toEqual({ kind: 'not-found', cached: false });
    expect(await lookup.lookup(values('0722000000'))).toEqual({ kind: 'not-found', cached: true });
  });

  it('times out a slow CRM after timeoutMs', async () => {
    handler = (_req, res) => void held.push(res); // never answers
    const clock = new FakeClock();
    const { lookup } = makeLookup({ timeoutMs: 1500 }, clock);
    const result = lookup.lookup(values());
    await until(() => requests.length === 1, 'the request');
    clock.advance(1499);
    let settled: LookupResult | undefined;
    void result.then((r) => (settled = r));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBeUndefined();
    clock.advance(1);
    expect(await result).toMatchObject({ kind: 'failed', failure: 'timeout' });
  });

  it('reports a failing CRM (500) and logs each kind of failure once', async () => {
    handler = json({ error: 'boom' }, 500);
    const { lookup, logger } = makeLookup({ cacheSeconds: 0 });
    expect(await lookup.lookup(values())).toMatchObject({ kind: 'failed', failure: 'http-status' });
    await lookup.lookup(values());
    await lookup.lookup(values());
    const warnings = () => logger.entries.filter((e) => e.level === 'warn');
    expect(warnings()).toHaveLength(1);
    handler = json('{"name": "Ion', 200);
    expect(await lookup.lookup(values())).toMatchObject({ kind: 'failed', failure: 'bad-json' });
    expect(warnings()).toHaveLength(2);
    handler = json({ name: 'Ion' });
    expect((await lookup.lookup(values())).kind).toBe('found');
    handler = json({ error: 'boom' }, 500);
    await lookup.lookup(values());
    expect(warnings()).toHaveLength(3); // logged again after it had worked
  });

  it('caps a huge answer instead of reading it all', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: 'x', pad: 'y'.repeat(2 * 1024 * 1024) }));
    };
    const { lookup } = makeLookup();
    expect(await lookup.lookup(values())).toMatchObject({ kind: 'failed', failure: 'too-large' });
  });

  it('returns hostile name text as one plain, length-capped line', async () => {
    handler = json({
      name: '<img src=x onerror=alert(1)>\u202Eevil\r\nSet-Cookie: a\u0000' + 'Z'.repeat(500),
    });
    const { lookup } = makeLookup();
    const result = await lookup.lookup(values());
    if (result.kind !== 'found' || result.name === undefined) throw new Error(result.kind);
    expect(result.name.startsWith('<img src=x onerror=alert(1)> evil Set-Cookie: a Z')).toBe(true);
    expect(Array.from(result.name)).toHaveLength(100);
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    expect(result.name).not.toMatch(/[\u0000-\u001f\u202e]/);
  });

  it('refuses a template that is not https, or whose values would leave the origin', async () => {
    const { lookup } = makeLookup({ url: 'http://127.0.0.1/contacts?phone={e164}' });
    expect(await lookup.lookup(values())).toMatchObject({ kind: 'failed', failure: 'template' });
    const { lookup: hostless } = makeLookup({ url: 'https://{number}/x' });
    expect(await hostless.lookup(values())).toMatchObject({ kind: 'failed', failure: 'template' });
    expect(requests).toHaveLength(0);
  });

  it('trusts only the CA it was given (no CA → the TLS error is a failure, not a crash)', async () => {
    const cfg = config();
    const lookup = new ContactLookup({
      getConfig: () => cfg,
      secrets: new MemorySecretStore(),
      logger: new MemoryLogger(),
      clock: systemClock,
      agent: async () => undefined,
    });
    expect(await lookup.lookup(values())).toMatchObject({ kind: 'failed', failure: 'network' });
  });
});

describe('attachLookup: beside the screen-pop', () => {
  it('never delays the pop; the name follows the call record', async () => {
    let release: (() => void) | undefined;
    handler = (_req, res) => {
      release = () => json({ name: 'Maria' })(_req, res);
    };
    const logger = new MemoryLogger();
    const secrets = new MemorySecretStore();
    const connector = new Connector({
      config: config(),
      logger,
      secrets,
      history: new MemoryHistoryStore(),
    });
    const handle = attachLookup(connector, { secrets, logger, caPem });
    const seen: string[] = [];
    const notes: LookupEvents['lookup'][] = [];
    connector.events.on('call', () => seen.push('call'));
    handle.events.on('callerName', ({ name }) => seen.push(`name:${name}`));
    handle.events.on('lookup', (event) => notes.push(event));

    const record = await connector.handleTestCall('0712345678', 'inbound');
    // The record is out while the CRM has not answered yet.
    expect(seen).toEqual(['call']);
    await until(() => release !== undefined, 'the lookup request');
    release!();
    await handle.idle();
    expect(seen).toEqual(['call', 'name:Maria']);
    expect(notes).toEqual([
      {
        callId: record.id,
        result: { kind: 'found', contacts: [{ name: 'Maria' }], name: 'Maria', cached: false },
        note: 'Caller name from the CRM: Maria.',
      },
    ]);
    handle.detach();
  });

  it('does nothing while lookup.url is empty, and skips withheld numbers', async () => {
    const logger = new MemoryLogger();
    const secrets = new MemorySecretStore();
    const connector = new Connector({
      config: configSchema.parse({}),
      logger,
      secrets,
      history: new MemoryHistoryStore(),
    });
    const handle = attachLookup(connector, { secrets, logger, caPem });
    await connector.handleTestCall('0712345678', 'inbound');
    await connector.applyConfig(config());
    await connector.handleTestCall('anonymous', 'inbound');
    await handle.idle();
    expect(requests).toHaveLength(0);
    handle.detach();
  });

  it('hands the name to bridge subscribers as connector.callerName', async () => {
    const logger = new MemoryLogger();
    const secrets = new MemorySecretStore({ bridgeToken: 'bridge-token-7' });
    const connector = new Connector({
      config: configSchema.parse({ ...config(), bridge: { enabled: true } }),
      logger,
      secrets,
      history: new MemoryHistoryStore(),
    });
    const lookup = attachLookup(connector, { secrets, logger, caPem });
    const bridge = await attachBridge(connector, {
      secrets,
      logger,
      listenPort: 0,
      callerNames: lookup.events,
    });
    const client = await TestClient.authenticated(bridge.port()!, 'bridge-token-7');
    try {
      client.send({ type: 'subscribe', stream: 'connector' });
      await client.waitFor((f) => f.type === 'connector.subscribed');
      const record = await connector.handleTestCall('0712345678', 'inbound');
      expect(await client.waitFor((f) => f.type === 'connector.callerName')).toEqual({
        type: 'connector.callerName',
        callId: record.id,
        name: 'Ion Popescu',
      });
    } finally {
      client.close();
      lookup.detach();
      await bridge.detach();
    }
  });
});

describe('lookup settings check', () => {
  it('accepts an https template and names the problems of a bad one', () => {
    const base = configSchema.parse({}).lookup;
    expect(lookupConfigProblems(base)).toEqual([]);
    expect(
      lookupConfigProblems({ ...base, url: 'https://crm.example.com/?q={e164|last9}' }),
    ).toEqual([]);
    const http = lookupConfigProblems({ ...base, url: 'http://crm.example.com/?q={e164}' });
    expect(http.join(' ')).toMatch(/^lookup\.url: http: links are refused/);
    expect(lookupConfigProblems({ ...base, url: 'https://{number}.example.com/' })).toHaveLength(1);
    expect(lookupConfigProblems({ ...base, url: 'https://x.example/?q={nope}' })[0]).toContain(
      '{nope}',
    );
    expect(
      lookupConfigProblems({ ...base, url: 'https://x.example/', namePath: 'a..b' }),
    ).toHaveLength(1);
  });
});
