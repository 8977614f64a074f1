// Which policy file the tray app obeys, driven through the composition root (electron/main/
// index.ts) with the shared electron fake and the REAL core services (settings layers, locks,
// IPC). An agent can set ACCOLADES_POLICY_FILE in their own environment; the installed app
// (app.isPackaged) must ignore it and keep the administrator's machine-wide locks, while a
// development build (`electron .`) still honours it. The log says which file was used and why.
//
// The one stand-in: the machine-wide policy path (/etc/… on Linux) is root's and shared by every
// test run on this computer, so its content is served by the core's readPolicyFile seam for
// that exact path; every other path is read from disk, so if the app chose the agent's file,
// the agent's real file would be read and the test would see its values.
vi.mock('electron', () => import('../fakes/electron.js'));
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStoreOnConf extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown>) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name as string, projectName: 'accolades-connector-test' });
    }
  }
  return { default: ElectronStoreOnConf };
});
// electron-updater is third-party and would reach for the real Electron; record instead, so a
// feed set by the agent's file would show up as a recorded feed rather than a download.
vi.mock('electron-updater', () => {
  const feeds: string[] = [];
  const autoUpdater = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    setFeedURL: (options: { url: string }) => feeds.push(options.url),
    checkForUpdates: async () => undefined,
    on: () => autoUpdater,
  };
  return { feeds, autoUpdater, default: { autoUpdater } };
});
vi.mock('../../electron/app/connector-adapter.js', async () => {
  const { readFileSync } = await import('node:fs');
  const { CoreConnectorServices } = await import('../../electron/app/connector-services.js');
  const machineFiles = new Map<string, string>();
  const created: Array<{ deps: ConnectorDependencies; services: CoreConnectorServices }> = [];
  const readPolicyFile = (path: string): string | undefined => {
    if (machineFiles.has(path)) return machineFiles.get(path);
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    created,
    machineFiles,
    createConnectorServices: (deps: ConnectorDependencies) => {
      // No OS proxy in the electron fake: connect directly (to a closed loopback port).
      const services = new CoreConnectorServices({
        ...deps,
        readPolicyFile,
        resolveProxy: async () => undefined,
      });
      created.push({ deps, services });
      return services;
    },
  };
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreConnectorServices } from '../../electron/app/connector-services.js';
import type { ConnectorDependencies } from '../../electron/app/services.js';
import { invokeChannel } from '../../electron/shared/ipc-contract.js';
import type * as electronFakeModule from '../fakes/electron.js';

type ElectronFake = typeof electronFakeModule;

const MACHINE_POLICY: Partial<Record<NodeJS.Platform, string>> = {
  linux: '/etc/accolades-connector/policy.json',
  darwin: '/Library/Application Support/Accolades Connector/policy.json',
};
const machinePath = MACHINE_POLICY[process.platform];
const SETTINGS_PAGE = 'app://connector/settings/index.html';

const root = mkdtempSync(join(tmpdir(), 'packaged-policy-'));
const savedEnv = process.env.ACCOLADES_POLICY_FILE;
/** The app a test started; quit after the test even when an assertion failed first. */
let running: ElectronFake | undefined;
afterEach(async () => {
  running?.app.quit();
  running = undefined;
  await settle();
  if (savedEnv === undefined) delete process.env.ACCOLADES_POLICY_FILE;
  else process.env.ACCOLADES_POLICY_FILE = savedEnv;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

interface Adapter {
  created: Array<{ deps: ConnectorDependencies; services: CoreConnectorServices }>;
  machineFiles: Map<string, string>;
}

/** Starts the app's composition root afresh (new module instances) and returns its services. */
async function startApp(options: { packaged: boolean; dataRoot: string }) {
  // Fresh module instances each time: index.ts runs main() when it is first imported. The
  // electron fake is fresh too, so it is taken from the mocked 'electron' the app imports.
  vi.resetModules();
  const electron = (await import('electron')) as unknown as ElectronFake;
  electron.electronFake.reset();
  electron.app.isPackaged = options.packaged;
  electron.app.pathRoot = options.dataRoot;
  const adapter = (await import('../../electron/app/connector-adapter.js')) as unknown as Adapter;
  if (machinePath) {
    adapter.machineFiles.set(
      machinePath,
      JSON.stringify({
        accolades: { url: 'wss://127.0.0.1:1' },
        updates: { feedUrl: '' },
        locked: ['accolades.url', 'updates', 'rules'],
      }),
    );
  }
  await import('../../electron/main/index.js');
  await settle();
  const started = adapter.created.at(-1);
  if (!started) throw new Error('the composition root created no services');
  running = electron;
  return { ...started, electron };
}

/** Quits the app (every test does, also when an assertion failed) and returns its log. */
async function quitAndReadLog(electron: ElectronFake, dataRoot: string): Promise<string> {
  electron.app.quit();
  running = undefined;
  const file = join(dataRoot, 'logs', 'connector.log');
  let text = '';
  await expect
    .poll(
      () => {
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          text = '';
        }
        return text;
      },
      { timeout: 5_000 },
    )
    .toContain('policy:');
  return text;
}

describe.skipIf(!machinePath)('the policy file the tray app obeys', () => {
  it('installed app: ACCOLADES_POLICY_FILE is ignored, the machine policy locks hold', async () => {
    const dataRoot = mkdtempSync(join(root, 'packaged-'));
    // The agent's own "policy": unlocks everything and sets (and locks) an update feed.
    const agentPolicy = join(dataRoot, 'agent-policy.json');
    writeFileSync(
      agentPolicy,
      JSON.stringify({
        accolades: { url: 'wss://agent-server.example:443' },
        updates: { feedUrl: 'https://updates.agent.example/feed' },
        locked: ['updates.feedUrl'],
      }),
    );
    process.env.ACCOLADES_POLICY_FILE = agentPolicy;

    const { deps, services, electron } = await startApp({ packaged: true, dataRoot });
    expect(deps.policyFile).toBe(machinePath);
    const settings = await services.getSettings();
    expect(settings.lockedKeys).toEqual(
      expect.arrayContaining(['accolades.url', 'updates', 'rules']),
    );
    expect(settings.config.accolades.url).toBe('wss://127.0.0.1:1');
    expect(settings.config.updates.feedUrl).toBe('');

    // The agent's settings window cannot undo the machine locks either (it has no `updates`
    // section at all; the IPC guard refuses one).
    const save = (await electron.ipcMain.invokeFrom(SETTINGS_PAGE, invokeChannel('saveSettings'), {
      accolades: { url: 'wss://agent-server.example:443' },
      rules: [],
    })) as { ok: boolean; errors?: Array<{ path: string }> };
    expect(save.ok).toBe(false);
    expect(save.errors?.map((e) => e.path).sort()).toEqual(['accolades.url', 'rules']);
    expect(services.getConfig().accolades.url).toBe('wss://127.0.0.1:1');
    expect(services.getConfig().updates.feedUrl).toBe('');

    const updater = (await import('electron-updater')) as unknown as { feeds: string[] };
    expect(updater.feeds).toEqual([]);

    const log = await quitAndReadLog(electron, dataRoot);
    expect(log).toContain(
      `policy: ${machinePath} (machine-wide; ACCOLADES_POLICY_FILE ignored in the installed app)`,
    );
    expect(log).not.toContain('updates.agent.example');
  });

  it('development build: ACCOLADES_POLICY_FILE is honoured and named in the log', async () => {
    const dataRoot = mkdtempSync(join(root, 'dev-'));
    const testPolicy = join(dataRoot, 'test-policy.json');
    writeFileSync(testPolicy, JSON.stringify({ ui: { language: 'ro' }, locked: ['ui.language'] }));
    process.env.ACCOLADES_POLICY_FILE = testPolicy;

    const { deps, services, electron } = await startApp({ packaged: false, dataRoot });
    expect(deps.policyFile).toBe(testPolicy);
    expect((await services.getSettings()).lockedKeys).toEqual(['ui.language']);

    const log = await quitAndReadLog(electron, dataRoot);
    expect(log).toContain(`policy: ${testPolicy} (ACCOLADES_POLICY_FILE; development build)`);
  });

  it('installed app without the variable: the machine-wide file, said so', async () => {
    const dataRoot = mkdtempSync(join(root, 'plain-'));
    delete process.env.ACCOLADES_POLICY_FILE;
    const { deps, services, electron } = await startApp({ packaged: true, dataRoot });
    expect(deps.policyFile).toBe(machinePath);
    expect((await services.getSettings()).lockedKeys).toContain('accolades.url');
    const log = await quitAndReadLog(electron, dataRoot);
    expect(log).toContain(`policy: ${machinePath} (machine-wide)`);
  });
});
