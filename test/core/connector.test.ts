// The façade end to end on loopback: real TLS server, real history file, real rules; only the
// browser opener is a recording port (we cannot open a browser in CI).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type ConnectorConfigInput } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { HistoryStore } from '../../electron/core/history/history-store.js';
import type { UrlOpener } from '../../electron/core/ports.js';
import type { CallRecord } from '../../electron/core/screen-pop/call-record.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { FakeAccoladesServer } from '../fakes/fake-accolades-server.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

class RecordingOpener implements UrlOpener {
  readonly opened: string[] = [];
  async open(url: string): Promise<void> {
    this.opened.push(url);
  }
}

let server: FakeAccoladesServer;
let dir: string;
let connector: Connector | undefined;

beforeEach(async () => {
  server = await FakeAccoladesServer.start();
  dir = await mkdtemp(join(tmpdir(), 'connector-'));
});

afterEach(async () => {
  await connector?.stop();
  connector = undefined;
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function startConnector(input: ConnectorConfigInput, history?: HistoryStore) {
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, server.caPem);
  const config = configSchema.parse({
    ...input,
    accolades: { url: server.url, crmId: 'agent-1', caFile, ...input.accolades },
  });
  const opener = new RecordingOpener();
  const store = history ?? new HistoryStore<CallRecord>({ directory: dir });
  const calls: CallRecord[] = [];
  const problems: string[] = [];
  connector = new Connector({
    config,
    logger: new MemoryLogger(),
    secrets: new MemorySecretStore(),
    history: store,
    opener,
  });
  connector.events.on('call', (record) => calls.push(record));
  connector.events.on('problem', (p) => problems.push(p.message));
  await connector.start();
  await waitUntil(() => connector?.state.phase === 'connected', 'connected');
  await waitUntil(() => connector?.getConfigurationAnswer() !== undefined, 'configuration answer');
  return { connector, opener, store, calls, problems };
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const crmRule = {
  name: 'CRM contact',
  direction: 'inbound' as const,
  open: '{config.account.crmBase}/contacts?phone={e164}',
};

describe('Connector façade', () => {
  it('authenticates with the CA file, pops an incoming call and keeps it in the history', async () => {
    const { opener, store, calls } = await startConnector({
      rules: [{ ...crmRule, open: 'https://crm.example.com/contacts?phone={e164}&agent={crmId}' }],
    });
    expect(server.received[0]?.message).toEqual({ type: 'authRequest', idCrm: 'agent-1' });

    server.sendCall('inbound', '0712 345 678');
    await waitUntil(() => calls.length === 1, 'the call record');
    await connector!.idle();

    expect(opener.opened).toEqual([
      'https://crm.example.com/contacts?phone=%2B40712345678&agent=agent-1',
    ]);
    expect(calls[0]?.outcome).toEqual({ kind: 'popped' });
    const saved = await store.list();
    expect(saved.map((r) => r.id)).toEqual([calls[0]?.id]);
    expect(saved[0]?.trace.winners).toEqual([0]);
  });

  it('refuses a template whose host would come from the configuration answer, and keeps the call', async () => {
    // A placeholder in the host is refused at save time; here the config schema lets it through
    // (checkRules is the loader's job), so the pipeline must still refuse to render it.
    const { opener, calls, store } = await startConnector({ rules: [crmRule] });
    server.sendCall('inbound', '0712345678');
    await waitUntil(() => calls.length === 1, 'the call record');
    await connector!.idle();
    expect(opener.opened).toEqual([]);
    expect(calls[0]?.outcome.kind).not.toBe('popped');
    expect((await store.list()).length).toBe(1);
  });

  it('keeps hostile caller ids in the history and never lets them change the origin', async () => {
    const { opener, calls, store } = await startConnector({
      rules: [
        {
          name: 'any',
          direction: 'any',
          internal: true,
          withheld: true,
          open: 'https://crm.example.com/p?n={number}',
        },
      ],
    });
    const hostile = [
      'https://evil.example/',
      '@evil.example',
      '../../admin',
      '"><script>',
      '0712#frag?x=1',
    ];
    for (const number of hostile) server.sendCall('inbound', number);
    await waitUntil(() => calls.length === hostile.length, 'all call records');
    await connector!.idle();
    for (const url of opener.opened) expect(new URL(url).origin).toBe('https://crm.example.com');
    expect((await store.list()).length).toBe(hostile.length);
  });

  it('opens a call again from the history by id', async () => {
    const { opener, calls } = await startConnector({
      rules: [
        {
          name: 'click',
          direction: 'inbound',
          pop: 'click',
          open: 'https://crm.example.com/c/{digits}',
        },
      ],
    });
    server.sendCall('inbound', '0212345678');
    await waitUntil(() => calls.length === 1, 'the call record');
    await connector!.idle();
    expect(opener.opened).toEqual([]);
    expect(calls[0]?.pendingClick).toBe(true);

    const again = await connector!.popAgain(calls[0]!.id);
    expect(again.popAgainOf).toBe(calls[0]?.id);
    expect(opener.opened).toEqual(['https://crm.example.com/c/0212345678']);
    await expect(connector!.popAgain('no-such-call')).rejects.toThrow(/no call no-such-call/);
  });

  it('reports a history that cannot be written, and still reports the call', async () => {
    // A plain file where the history's folder should be: every append fails.
    await writeFile(join(dir, 'blocker'), 'not a folder');
    const broken = new HistoryStore<CallRecord>({ file: join(dir, 'blocker', 'h.jsonl') });
    const { calls, problems } = await startConnector({ rules: [] }, broken);
    server.sendCall('outbound', '0712345678');
    await waitUntil(() => calls.length === 1, 'the call record');
    await connector!.idle();
    expect(problems[0]).toMatch(/Could not write the call history/);
    expect(connector!.counters().historyWriteFailures).toBe(1);
  });

  it('reconnects with the new CRM ID when the settings change, not for other changes', async () => {
    const { connector: c } = await startConnector({ rules: [] });
    const before = server.acceptedConnections;
    await c.applyConfig({ ...c.getConfig(), screenPop: { ...c.getConfig().screenPop, burst: 5 } });
    expect(server.acceptedConnections).toBe(before);
    await c.applyConfig({
      ...c.getConfig(),
      accolades: { ...c.getConfig().accolades, crmId: 'agent-2' },
    });
    await waitUntil(
      () => c.state.phase === 'connected' && server.acceptedConnections === before + 1,
      'reconnect',
    );
    const auths = server.received.filter(
      (r) => (r.message as { type?: string }).type === 'authRequest',
    );
    expect(auths.at(-1)?.message).toEqual({ type: 'authRequest', idCrm: 'agent-2' });
  });

  it('says why it cannot read the CA file', async () => {
    const problems: string[] = [];
    connector = new Connector({
      config: configSchema.parse({
        accolades: { url: server.url, crmId: 'a', caFile: join(dir, 'nope.pem') },
      }),
      logger: new MemoryLogger(),
      secrets: new MemorySecretStore(),
      history: new HistoryStore<CallRecord>({ directory: dir }),
    });
    connector.events.on('problem', (p) => problems.push(p.message));
    await connector.start();
    expect(problems[0]).toMatch(/Cannot read the CA bundle .*nope\.pem \(accolades\.caFile\)/);
  });

  it('reports the effective pause state once per change, from the tray or the settings', async () => {
    const c = new Connector({
      config: configSchema.parse({}),
      logger: new MemoryLogger(),
      secrets: new MemorySecretStore(),
      history: new HistoryStore<CallRecord>({ directory: dir }),
    });
    const seen: boolean[] = [];
    c.events.on('paused', (paused) => seen.push(paused));
    c.setPaused(true);
    c.setPaused(true);
    await c.applyConfig(configSchema.parse({ screenPop: { paused: true } }));
    c.setPaused(false); // still paused by the settings
    await c.applyConfig(configSchema.parse({ screenPop: { paused: false } }));
    expect(seen).toEqual([true, false]);
    expect(c.isPaused()).toBe(false);
  });
});
