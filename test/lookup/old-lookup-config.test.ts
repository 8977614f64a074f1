// A settings file written for the caller-name lookup (lookup.url + apiKeyHeader + namePath,
// before the contact lookup existed) still loads as it is, and behaves as before: a name for
// the call that never holds up the pop, which opens the rule's page at once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configChecks } from '../../electron/core/config-checks.js';
import { loadConfig } from '../../electron/core/config/load-config.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import { lookupPlugIn } from '../../electron/core/lookup/lookup-plug-in.js';
import type { UrlOpener } from '../../electron/core/ports.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

let server: https.Server;
let caPem: string;
let dir: string;
const waiting: ServerResponse[] = [];

beforeAll(async () => {
  const ca = await createCertificateAuthority();
  caPem = ca.cert;
  const leaf = await ca.issueServer();
  server = https.createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) => {
    waiting.push(res); // answered by the test, after the pop
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dir = await mkdtemp(path.join(os.tmpdir(), 'old-lookup-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

it('an old lookup.url/namePath file: the pop opens at once, the name arrives after', async () => {
  const port = (server.address() as AddressInfo).port;
  const file = path.join(dir, 'settings.json');
  await writeFile(
    file,
    JSON.stringify({
      version: 1,
      accolades: { crmId: 'agent-7' },
      rules: [{ name: 'CRM', open: 'https://crm.example.test/find?phone={e164}' }],
      lookup: {
        url: `https://127.0.0.1:${port}/api/callers?phone={e164}`,
        apiKeyHeader: 'X-Api-Key',
        namePath: 'data.0.fullName',
        timeoutMs: 3000,
      },
    }),
  );
  const loaded = await loadConfig({ userFile: file, policyFile: null, checks: configChecks });
  expect(loaded.config.lookup).toMatchObject({ listPath: '', contactUrl: '', newContactUrl: '' });

  const opened: string[] = [];
  const opener: UrlOpener = { open: async (url) => void opened.push(url) };
  const logger = new MemoryLogger();
  const secrets = new MemorySecretStore({ lookupApiKey: 'old-key' });
  const connector = new Connector({
    config: loaded.config,
    logger,
    secrets,
    history: new MemoryHistoryStore(),
    opener,
  });
  const lookup = await connector.plugIn(lookupPlugIn({ secrets, logger, caPem }));
  const names: string[] = [];
  lookup.events.on('callerName', ({ name }) => names.push(name));

  // The CRM has not answered, and the pop has already opened the rule's page.
  await connector.handleTestCall('0712345678', 'inbound');
  expect(opened).toEqual(['https://crm.example.test/find?phone=%2B40712345678']);
  const start = Date.now();
  while (waiting.length === 0) {
    if (Date.now() - start > 5000) throw new Error('the lookup never asked');
    await new Promise((r) => setTimeout(r, 5));
  }
  waiting[0]!.writeHead(200, { 'content-type': 'application/json' });
  waiting[0]!.end(JSON.stringify({ data: [{ fullName: 'Ana Old-Config' }] }));
  await connector.idle();
  expect(names).toEqual(['Ana Old-Config']);
  await connector.detachPlugIns();
});
