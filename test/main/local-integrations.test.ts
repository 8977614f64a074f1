// The local integrations (bridge, pairing, caller-name lookup) wired into the app, on the REAL
// CoreConnectorServices against the local Accolades
// stand-in over TLS: a bridge client gets a call verbatim; bridge clients and a taken port show
// in the tray; a caller name from a local HTTPS CRM reaches the history (persisted, seen after a
// reload); a pairing request becomes one confirmation and saves through saveSettings (locks
// respected). Only the message box is the shared electron fake.
vi.mock('electron', () => import('../fakes/electron.js'));

import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HistoryStore } from '../../electron/core/history/history-store.js';
import type { CallRecord } from '../../electron/core/screen-pop/call-record.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import { setupPairingConfirmation } from '../../electron/main/pairing-confirmation.js';
import type { IntegrationStatus, PairingRequestView } from '../../electron/app/services.js';
import { buildTrayMenu } from '../../electron/main/tray/tray-menu.js';
import { trayViewState } from '../../electron/main/tray/setup-tray.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import type { HistoryEntryView } from '../../electron/shared/ipc-contract.js';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import {
  DEMO_AGENT_ID,
  startSimulator,
  type SimulatorHandle,
} from '../../electron/simulator/index.js';
import { TestClient } from '../bridge/bridge-clients.js';
import { dialog, electronFake } from '../fakes/electron.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { MemorySettingsStore } from '../fakes/memory-settings-store.js';

const t = createTranslator('en');
let sim: SimulatorHandle;
let dir: string;
let services: CoreConnectorServices | undefined;
const closers: Array<() => Promise<void> | void> = [];

// The CRM the caller-name lookup asks: real HTTPS with a CA minted for this run.
let crm: https.Server;
let crmCa: string;
let crmAnswer: unknown = { name: 'Ion Popescu' };

beforeAll(async () => {
  const ca = await createCertificateAuthority();
  crmCa = ca.cert;
  const leaf = await ca.issueServer();
  crm = https.createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    // A string is sent as it is (a broken answer); anything else as JSON.
    res.end(typeof crmAnswer === 'string' ? crmAnswer : JSON.stringify(crmAnswer));
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  crm.closeAllConnections();
  await new Promise((resolve) => crm.close(resolve));
});

beforeEach(async () => {
  electronFake.reset();
  crmAnswer = { name: 'Ion Popescu' };
  sim = await startSimulator();
  dir = await mkdtemp(join(tmpdir(), 'integrations-'));
  await writeFile(join(dir, 'ca.pem'), sim.caCert);
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await services?.stop();
  services = undefined;
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function userSettings(extra: Record<string, unknown> = {}) {
  return new MemorySettingsStore({
    accolades: { url: sim.wssUrl, crmId: DEMO_AGENT_ID, caFile: join(dir, 'ca.pem') },
    ...extra,
  });
}

function create(
  settings: MemorySettingsStore,
  options: {
    policy?: string;
    bridgePort?: number;
    pairingPort?: number;
    secrets?: MemorySecretStore;
  } = {},
): CoreConnectorServices {
  services = new CoreConnectorServices({
    userSettings: settings,
    policyFile: options.policy,
    secrets: options.secrets ?? new MemorySecretStore(),
    logger: new MemoryLogger(),
    dataDirectory: dir,
    urlOpener: { open: async () => {} },
    integrations: {
      bridge: { listenPort: options.bridgePort ?? 0 },
      pairing: { listenPort: options.pairingPort ?? 0 },
      lookup: { caPem: crmCa },
    },
  });
  return services;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function connected(s: CoreConnectorServices): Promise<void> {
  await s.start();
  await until(() => s.getConnectionState().phase === 'connected', 'connected');
}

async function trayLabels(s: CoreConnectorServices): Promise<string[]> {
  const state = await trayViewState(s, t, false);
  return buildTrayMenu(state, { t, formatTime: () => '09:30' }).map((item) => item.label ?? '');
}

describe('the local event bridge in the app', () => {
  it('passes a call rung on the stand-in to a bridge client verbatim, and names clients in the tray', async () => {
    const s = create(
      userSettings({ bridge: { enabled: true, allowedOrigins: ['https://crm.example.com'] } }),
      { secrets: new MemorySecretStore({ bridgeToken: 'app-bridge-token' }) },
    );
    const statuses: IntegrationStatus[] = [];
    s.on('integrations', (status) => statuses.push(status));
    await connected(s);
    const port = s.integrationPorts().bridge;
    expect(port).toBeGreaterThan(0);

    const script = await TestClient.authenticated(port!, 'app-bridge-token');
    const page = await TestClient.authenticated(
      port!,
      'app-bridge-token',
      'https://crm.example.com',
    );
    closers.push(
      () => script.socket.close(),
      () => page.socket.close(),
    );
    await until(
      () => s.getIntegrations().bridgeClients.filter((c) => c.authenticated).length === 2,
      'two signed-in clients',
    );
    expect(statuses.at(-1)?.bridgeClients).toHaveLength(2);
    const labels = await trayLabels(s);
    expect(labels).toContain('Local program');
    expect(labels).toContain('Browser CRM: https://crm.example.com');
    // The lines sit right under the status line.
    expect(labels.indexOf('Local program')).toBeLessThan(labels.indexOf('Reconnect now'));

    expect(sim.ringAgent(DEMO_AGENT_ID, 'incoming', '0712 345 678').delivered).toBe(true);
    // Exactly the stand-in's frame (spaces in the number included), to both clients.
    expect(await script.waitFor((f) => f.type === 'incomingCall')).toEqual({
      type: 'incomingCall',
      phoneNumber: '0712 345 678',
    });
    expect(await page.waitFor((f) => f.type === 'incomingCall')).toEqual({
      type: 'incomingCall',
      phoneNumber: '0712 345 678',
    });

    // Stopping the services closes the bridge: clients are told and the tray forgets them.
    await s.stop();
    expect(await script.waitClosed()).toBeGreaterThan(0);
    expect(s.getIntegrations()).toEqual({ bridgeClients: [], problems: [] });
  });

  it('shows a taken bridge port in the tray status while the connector keeps working', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const taken = (blocker.address() as AddressInfo).port;

    const s = create(userSettings({ bridge: { enabled: true }, pairing: { enabled: true } }), {
      bridgePort: taken,
      pairingPort: taken,
    });
    await connected(s);
    expect(s.integrationPorts()).toEqual({ bridge: undefined, pairing: undefined });
    const problems = s.getIntegrations().problems;
    expect(problems.map((p) => p.source)).toEqual(['bridge', 'pairing']);
    expect(problems[0]?.message).toMatch(new RegExp(String(taken)));
    const labels = await trayLabels(s);
    expect(labels.some((l) => l.startsWith('Local bridge: '))).toBe(true);
    expect(labels.some((l) => l.startsWith('Pairing: '))).toBe(true);

    // Turning the bridge off clears the problem.
    const statuses: IntegrationStatus[] = [];
    s.on('integrations', (status) => statuses.push(status));
    expect((await s.saveSettings({ bridge: { enabled: false } })).ok).toBe(true);
    await until(() => statuses.length > 0, 'a status update');
    expect(s.getIntegrations().problems.map((p) => p.source)).toEqual(['pairing']);
    expect((await s.saveSettings({ pairing: { enabled: false } })).ok).toBe(true);
    await until(() => statuses.length > 1, 'a second status update');
    expect(s.getIntegrations().problems).toEqual([]);
  });
});

describe('caller names in the app', () => {
  it('adds the name to the history entry, persisted and seen after a reload', async () => {
    const port = (crm.address() as AddressInfo).port;
    const s = create(
      userSettings({ lookup: { url: `https://127.0.0.1:${port}/contacts?phone={e164}` } }),
    );
    const calls: HistoryEntryView[] = [];
    const updates: HistoryEntryView[] = [];
    s.on('call', (entry) => calls.push(entry));
    s.on('historyUpdated', (entry) => updates.push(entry));
    await connected(s);

    sim.ringAgent(DEMO_AGENT_ID, 'incoming', '0712345678');
    await until(() => updates.length === 1, 'the name');
    // The call was announced first, without the name (the pop never waits for the lookup).
    expect(calls[0]?.callerName).toBeUndefined();
    expect(updates[0]).toMatchObject({
      id: calls[0]?.id,
      callerName: 'Ion Popescu',
      lookupNote: 'Caller name from the CRM: Ion Popescu.',
    });
    expect((await s.listHistory({})).entries[0]?.callerName).toBe('Ion Popescu');
    expect((await s.getHistoryEntry(calls[0]!.id))?.callerName).toBe('Ion Popescu');

    await s.idle();
    await s.stop();
    const reloaded = new HistoryStore<CallRecord>({ directory: dir });
    const records = await reloaded.list();
    expect(records.map((r) => [r.id, r.callerName])).toEqual([[calls[0]?.id, 'Ion Popescu']]);
  });

  it('shows a failed lookup in the tray status until a lookup works again', async () => {
    const port = (crm.address() as AddressInfo).port;
    const s = create(
      userSettings({ lookup: { url: `https://127.0.0.1:${port}/c?p={e164}`, namePath: 'name' } }),
    );
    const updates: HistoryEntryView[] = [];
    s.on('historyUpdated', (entry) => updates.push(entry));
    await connected(s);
    crmAnswer = 'this is not JSON';
    sim.ringAgent(DEMO_AGENT_ID, 'incoming', '0712345670');
    await until(() => updates.length === 1, 'the lookup note');
    expect(updates[0]?.callerName).toBeUndefined();
    expect(updates[0]?.lookupNote).toMatch(/^CRM lookup failed/);
    const line = (await trayLabels(s)).find((l) => l.startsWith('Caller names: '));
    expect(line).toBeDefined();
    expect(line).not.toContain('CRM lookup failed'); // the reason only, said once

    crmAnswer = { name: 'Maria' };
    sim.ringAgent(DEMO_AGENT_ID, 'incoming', '0712345671');
    await until(() => updates.length === 2, 'the second lookup');
    expect(updates[1]?.callerName).toBe('Maria');
    expect(s.getIntegrations().problems).toEqual([]);
  });
});

describe('pairing in the app', () => {
  const ACCOLADES = 'https://client.voipit.ro';

  function post(port: number, body: unknown): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/pair',
          headers: { 'content-type': 'application/json', origin: ACCOLADES },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  it('asks once and, on "Use it", saves the CRM ID through the settings', async () => {
    const settings = userSettings({ pairing: { enabled: true } });
    const s = create(settings);
    const requests: PairingRequestView[] = [];
    s.on('pairingRequest', (request) => requests.push(request));
    dialog.holdMessageBoxes = true;
    const stop = setupPairingConfirmation({
      services: s,
      showMessageBox: (options) => dialog.showMessageBox(options),
      translate: () => t,
      log: new MemoryLogger(),
    });
    closers.push(stop);
    await connected(s);
    const port = s.integrationPorts().pairing!;
    const body = {
      agentId: 'agent-new-7',
      serverFqdn: new URL(sim.wssUrl).hostname,
      serverPort: new URL(sim.wssUrl).port,
    };

    expect(await post(port, body)).toBe(202);
    expect(await post(port, body)).toBe(202); // the Agent page loads again: still one question
    await until(() => dialog.messageBoxes.length === 1, 'the question');
    expect(requests).toHaveLength(1);
    expect(dialog.messageBoxes[0]).toMatchObject({
      message: 'Use the CRM ID from your Accolades Agent page?',
      buttons: ['Use it', 'Not now'],
    });
    dialog.answerMessageBox(0);
    await until(() => s.getConfig().accolades.crmId === 'agent-new-7', 'the saved CRM ID');
    expect(settings.saved.at(-1)).toMatchObject({ accolades: { crmId: 'agent-new-7' } });
    expect(dialog.messageBoxes).toHaveLength(1);
  });

  it('keeps a locked server address: only the CRM ID is offered and saved', async () => {
    const policy = join(dir, 'policy.json');
    await writeFile(
      policy,
      JSON.stringify({ accolades: { url: sim.wssUrl }, locked: ['accolades.url'] }),
    );
    // The Agent page's server is an allowed one (else the request is refused whole).
    const settings = userSettings({
      pairing: { enabled: true, allowedServers: ['other.example.com:443'] },
    });
    const s = create(settings, { policy });
    closers.push(
      setupPairingConfirmation({
        services: s,
        showMessageBox: (options) => dialog.showMessageBox(options),
        translate: () => t,
        log: new MemoryLogger(),
      }),
    );
    await connected(s);
    const body = { agentId: 'agent-elsewhere', serverFqdn: 'other.example.com', serverPort: '443' };
    expect(await post(s.integrationPorts().pairing!, body)).toBe(202);
    await until(() => s.getConfig().accolades.crmId === 'agent-elsewhere', 'the saved CRM ID');
    expect(dialog.messageBoxes[0]).toMatchObject({
      message: 'Use the CRM ID from your Accolades Agent page?',
    });
    expect(s.getConfig().accolades.url).toBe(sim.wssUrl);
    // The user's own layer keeps its address too: nothing wrote the Agent page's server.
    expect(settings.saved.at(-1)).toMatchObject({
      accolades: { crmId: 'agent-elsewhere', url: sim.wssUrl },
    });
  });

  it('saves nothing when the agent says no', async () => {
    const settings = userSettings({ pairing: { enabled: true } });
    const s = create(settings);
    dialog.holdMessageBoxes = true;
    closers.push(
      setupPairingConfirmation({
        services: s,
        showMessageBox: (options) => dialog.showMessageBox(options),
        translate: () => t,
        log: new MemoryLogger(),
      }),
    );
    await connected(s);
    const url = new URL(sim.wssUrl);
    const body = { agentId: 'agent-no', serverFqdn: url.hostname, serverPort: url.port };
    expect(await post(s.integrationPorts().pairing!, body)).toBe(202);
    await until(() => dialog.messageBoxes.length === 1, 'the question');
    dialog.answerMessageBox(1);
    // Declined means forgotten: the next visit of the Agent page is a new question (a request
    // still pending would not ask again).
    expect(await post(s.integrationPorts().pairing!, body)).toBe(202);
    await until(() => dialog.messageBoxes.length === 2, 'the second question');
    expect(s.getConfig().accolades.crmId).toBe(DEMO_AGENT_ID);
    expect(settings.saved).toEqual([]);
    dialog.answerMessageBox(1);
  });

  it('never asks, and never changes a CRM ID the admin policy locks', async () => {
    const policy = join(dir, 'policy.json');
    await writeFile(
      policy,
      JSON.stringify({ accolades: { crmId: DEMO_AGENT_ID }, locked: ['accolades.crmId'] }),
    );
    const settings = userSettings({ pairing: { enabled: true } });
    const s = create(settings, { policy });
    closers.push(
      setupPairingConfirmation({
        services: s,
        showMessageBox: (options) => dialog.showMessageBox(options),
        translate: () => t,
        log: new MemoryLogger(),
      }),
    );
    await connected(s);
    const url = new URL(sim.wssUrl);
    expect(
      await post(s.integrationPorts().pairing!, {
        agentId: 'agent-locked',
        serverFqdn: url.hostname,
        serverPort: url.port,
      }),
    ).toBe(409);
    // The request is refused before any question exists (no event, no box).
    expect(dialog.messageBoxes).toEqual([]);
    expect(s.getConfig().accolades.crmId).toBe(DEMO_AGENT_ID);
    expect(settings.saved).toEqual([]);
  });
});

// A pairing request may change the CRM ID; it may move the Accolades link to
// another server only when that host:port is on the admin's pairing.allowedServers. Driven as
// an attacker would: a local program forges the Agent page's Origin and names its own server,
// and the agent presses Enter on whatever box appears.
describe('pairing cannot move the link to a server the admin did not allow', () => {
  const ACCOLADES = 'https://client.voipit.ro';

  function postPair(port: number, body: unknown): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/pair',
          headers: { 'content-type': 'application/json', origin: ACCOLADES },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  /** The user's settings as a real JSON file, so "unchanged" is checked on disk. */
  async function settingsFile(values: Record<string, unknown>) {
    const file = join(dir, 'settings.json');
    await writeFile(file, JSON.stringify(values));
    return {
      file,
      store: {
        location: file,
        load: () => JSON.parse(readFileSync(file, 'utf8')) as unknown,
        save: (settings: Record<string, unknown>) => writeFileSync(file, JSON.stringify(settings)),
      },
      onDisk: () => JSON.parse(readFileSync(file, 'utf8')) as { accolades?: { url?: string } },
    };
  }

  function answerEveryBoxWithEnter(s: CoreConnectorServices): void {
    // The fake answers every box with its default button, as a stray Enter would.
    dialog.holdMessageBoxes = false;
    closers.push(
      setupPairingConfirmation({
        services: s,
        showMessageBox: async (options) => {
          const answer = await dialog.showMessageBox(options);
          return { ...answer, response: options.defaultId ?? 0 };
        },
        translate: () => t,
        log: new MemoryLogger(),
      }),
    );
  }

  it('refuses a forged request naming a hostile server: accolades.url unchanged on disk', async () => {
    const { store, onDisk } = await settingsFile({
      accolades: { url: sim.wssUrl, crmId: DEMO_AGENT_ID, caFile: join(dir, 'ca.pem') },
      pairing: { enabled: true },
    });
    const s = create(store as unknown as MemorySettingsStore);
    const requests: PairingRequestView[] = [];
    s.on('pairingRequest', (request) => requests.push(request));
    answerEveryBoxWithEnter(s);
    await connected(s);
    const port = s.integrationPorts().pairing!;

    const answer = await postPair(port, {
      agentId: 'attacker-id',
      serverFqdn: 'calls.attacker.example',
      serverPort: '443',
    });
    // Had a question been shown, the agent's Enter has answered it by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(onDisk().accolades?.url).toBe(sim.wssUrl);
    expect(s.getConfig().accolades.url).toBe(sim.wssUrl);
    expect(s.getConfig().accolades.crmId).toBe(DEMO_AGENT_ID);
    expect(requests).toEqual([]);
    expect(dialog.messageBoxes).toEqual([]);
    // The page is told why, in plain words (the browser lets it read the answer).
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      status: 'server-not-allowed',
      error:
        'The Agent page names the server calls.attacker.example:443, which is not in pairing.allowedServers; nothing was changed.',
    });
  });

  it('offers a server on the allowlist; "Not now" is the default, "Use it" saves it', async () => {
    const simPort = new URL(sim.wssUrl).port;
    const { onDisk, store } = await settingsFile({
      accolades: { url: sim.wssUrl, crmId: DEMO_AGENT_ID, caFile: join(dir, 'ca.pem') },
      pairing: { enabled: true, allowedServers: [`localhost:${simPort}`] },
    });
    const s = create(store as unknown as MemorySettingsStore);
    dialog.holdMessageBoxes = true;
    closers.push(
      setupPairingConfirmation({
        services: s,
        showMessageBox: (options) => dialog.showMessageBox(options),
        translate: () => t,
        log: new MemoryLogger(),
      }),
    );
    await connected(s);
    const body = { agentId: 'agent-moved', serverFqdn: 'localhost', serverPort: simPort };
    expect((await postPair(s.integrationPorts().pairing!, body)).status).toBe(202);
    await until(() => dialog.messageBoxes.length === 1, 'the question');
    expect(dialog.messageBoxes[0]).toMatchObject({
      message: `Use the CRM ID from your Accolades Agent page, and its server localhost:${simPort}?`,
      buttons: ['Use it', 'Not now'],
      defaultId: 1,
      cancelId: 1,
    });
    expect(onDisk().accolades?.url).toBe(sim.wssUrl);
    dialog.answerMessageBox(0); // the agent clicks "Use it"
    await until(() => s.getConfig().accolades.crmId === 'agent-moved', 'the saved CRM ID');
    expect(onDisk().accolades?.url).toBe(`wss://localhost:${simPort}`);
  });
});
