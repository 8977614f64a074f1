// The real ConnectorServices (what the tray, notifications and pages talk to) on the real core,
// against the local Accolades stand-in over TLS: calls, history, settings with an admin policy,
// click2call and credentials. Only the browser opener is a recording port.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UrlOpener } from '../../electron/core/ports.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import type { HistoryEntryView } from '../../electron/shared/ipc-contract.js';
import {
  DEMO_ACCOUNT,
  DEMO_AGENT_ID,
  DEMO_DEVICE_ID,
  DEMO_PASSWORD,
  startSimulator,
  type SimulatorHandle,
} from '../../electron/simulator/index.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { MemorySettingsStore } from '../fakes/memory-settings-store.js';

const opened: string[] = [];
const opener: UrlOpener = {
  async open(url) {
    opened.push(url);
  },
};

let sim: SimulatorHandle;
let dir: string;
let services: CoreConnectorServices | undefined;

beforeEach(async () => {
  opened.length = 0;
  sim = await startSimulator();
  dir = await mkdtemp(join(tmpdir(), 'services-'));
  await writeFile(join(dir, 'ca.pem'), sim.caCert);
});

afterEach(async () => {
  await services?.stop();
  services = undefined;
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function userSettings(extra: Record<string, unknown> = {}) {
  return new MemorySettingsStore({
    accolades: { url: sim.wssUrl, crmId: DEMO_AGENT_ID, caFile: join(dir, 'ca.pem') },
    rest: { baseUrl: sim.restBaseUrl, account: DEMO_ACCOUNT, deviceId: DEMO_DEVICE_ID },
    ...extra,
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function create(settings: MemorySettingsStore, policy?: string): CoreConnectorServices {
  services = new CoreConnectorServices({
    userSettings: settings,
    policyFile: policy,
    secrets: new MemorySecretStore(),
    logger: new MemoryLogger(),
    dataDirectory: dir,
    urlOpener: opener,
  });
  return services;
}

describe('CoreConnectorServices on the real core', () => {
  it('turns a call from the stand-in into a pop, a history entry and a pop-again', async () => {
    const s = create(
      userSettings({
        rules: [{ name: 'CRM', direction: 'inbound', open: 'https://crm.example.com/c?p={e164}' }],
      }),
    );
    const calls: HistoryEntryView[] = [];
    const updates: HistoryEntryView[] = [];
    s.on('call', (entry) => calls.push(entry));
    s.on('historyUpdated', (entry) => updates.push(entry));
    await s.start();
    await until(() => s.getConnectionState().phase === 'connected', 'connected');

    expect(sim.ringAgent(DEMO_AGENT_ID, 'incoming', '0712 345 678').delivered).toBe(true);
    await until(() => calls.length === 1, 'the call');
    expect(calls[0]).toMatchObject({
      outcome: 'popped',
      display: '+40 712 345 678',
      ruleName: 'CRM',
      canReopen: true,
      canCallBack: true,
    });
    expect(opened).toEqual(['https://crm.example.com/c?p=%2B40712345678']);

    const recent = await s.listHistory({ limit: 10 });
    expect(recent.total).toBe(1);
    expect(recent.entries.map((e) => e.id)).toEqual([calls[0]?.id]);
    const listed = await s.listHistory({ query: '0712' });
    expect(listed.entries.map((e) => e.id)).toEqual([calls[0]?.id]);

    const again = await s.popAgain(calls[0]!.id);
    expect(again).toMatchObject({ ok: true });
    await until(() => updates.length === 1, 'the history update');
    expect(opened).toHaveLength(2);
    expect(s.getCounts()).toMatchObject({ calls: 1, pops: 2 });
    let csv = '';
    const exported = await s.writeHistoryCsv(async (chunks) => {
      for await (const chunk of chunks) csv += chunk;
    });
    // The call and its pop again: two rows after the header.
    expect(exported.count).toBe(2);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(csv).toContain('+40712345678');
  });

  it('saves valid settings, refuses invalid and locked ones with field paths', async () => {
    const policy = join(dir, 'policy.json');
    await writeFile(
      policy,
      JSON.stringify({ screenPop: { allowHttp: false }, locked: ['screenPop.allowHttp'] }),
    );
    const settings = userSettings();
    const s = create(settings, policy);

    const locked = await s.saveSettings({ screenPop: { allowHttp: true } });
    expect(locked.ok).toBe(false);
    const bad = await s.saveSettings({ rules: [{ name: 'x', open: 'javascript:alert(1)' }] });
    expect(bad).toMatchObject({
      ok: false,
      errors: [{ path: expect.stringMatching(/^rules\.0/) }],
    });
    expect(settings.saved).toEqual([]);

    const good = await s.saveSettings({ phone: { internalMaxDigits: 3 } });
    expect(good.ok).toBe(true);
    expect(s.getConfig().phone.internalMaxDigits).toBe(3);
    expect(settings.saved).toHaveLength(1);
    expect((await s.getSettings()).lockedKeys).toEqual(['screenPop.allowHttp']);
  });

  it('reports a broken policy file and keeps running on the other layers', async () => {
    const policy = join(dir, 'policy.json');
    await writeFile(policy, '{ "rules": [ }');
    const s = create(userSettings({ phone: { internalMaxDigits: 5 } }), policy);
    expect(s.getConfig().phone.internalMaxDigits).toBe(5);
    expect((await s.getSettings()).policyNote).toMatch(/policy file is broken.*policy\.json/);
  });

  it('tests credentials, dials through REST and explains a wrong password', async () => {
    const s = create(userSettings());
    await s.start();
    expect(await s.testCredentials()).toMatchObject({ ok: false, code: 'not-configured' });

    await s.setRestPassword('wrong');
    const refused = await s.testCredentials();
    expect(refused).toMatchObject({ ok: false, code: 'rest-error' });
    expect(refused.ok ? '' : refused.error).toMatch(/refused the API password/);

    await s.setRestPassword(DEMO_PASSWORD);
    expect(await s.testCredentials()).toMatchObject({ ok: true });
    expect((await s.getSettings()).restPasswordStored).toBe(true);

    const dialled = await s.dial('(0712) 345-678');
    expect(dialled).toMatchObject({ ok: true, dialed: '0712345678' });
    const rest = sim.received.rest.filter((r) => r.path.includes('/dial'));
    expect(JSON.stringify(rest)).not.toContain(DEMO_PASSWORD);
    expect(await s.dial('call me maybe')).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('previews a rule with the exact URL, and names the problem of a hostile template', async () => {
    const s = create(userSettings());
    const ok = await s.previewRule({
      rule: { name: 'p', open: 'https://crm.example.com/search?q={e164}' },
      sampleNumber: '+40 712 345 678',
      direction: 'inbound',
    });
    expect(ok).toMatchObject({
      ok: true,
      preview: {
        actions: [{ kind: 'open', url: 'https://crm.example.com/search?q=%2B40712345678' }],
        problems: [],
      },
    });
    const hostile = await s.previewRule({
      rule: { name: 'h', open: 'https://{number}.example.com/' },
      sampleNumber: '0712345678',
      direction: 'inbound',
    });
    expect(hostile.ok && hostile.preview.problems.length).toBeGreaterThan(0);
  });
});
