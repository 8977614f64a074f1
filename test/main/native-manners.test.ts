// The tray app's native identity and manners, through the real composition root
// (electron/main/index.ts) against the electron fake, as on Windows: the AppUserModelID equal to
// electron-builder's appId comes before any window or notification; a call notification and the
// tel: confirmation come up without taking the focus; pop URLs go to shell.openExternal after
// the URL policy, and a browser named in the settings is started directly with the URL as one
// argument (never through openExternal).
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
vi.mock('../../electron/app/connector-adapter.js', async () => {
  const { FakeConnectorServices } = await import('../fakes/fake-connector-services.js');
  const created: Array<{ services: unknown; deps: unknown }> = [];
  return {
    created,
    createConnectorServices: (deps: unknown) => {
      const services = new FakeConnectorServices();
      created.push({ services, deps });
      return services;
    },
  };
});

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectorDependencies } from '../../electron/app/services.js';
import { APP_ID } from '../../electron/core/platform/product-identity.js';
import { QUIT_SIGNALS } from '../../electron/main/graceful-quit.js';
import {
  app,
  BrowserWindow,
  electronFake,
  FakeEvent,
  Notification,
  shell,
} from '../fakes/electron.js';
import { historyEntry, type FakeConnectorServices } from '../fakes/fake-connector-services.js';

const root = mkdtempSync(join(tmpdir(), 'native-manners-'));
const realPlatform = Object.getOwnPropertyDescriptor(process, 'platform')!;
const signalListeners = new Map(
  QUIT_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]),
);

beforeAll(() => {
  // The composition root reads process.platform; this worker pretends to be Windows.
  Object.defineProperty(process, 'platform', { ...realPlatform, value: 'win32' });
});
afterAll(() => {
  Object.defineProperty(process, 'platform', realPlatform);
  rmSync(root, { recursive: true, force: true });
  for (const [signal, before] of signalListeners) {
    for (const listener of process.listeners(signal))
      if (!before.has(listener)) process.off(signal, listener);
  }
});

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 500; i++) {
    if (existsSync(file) && readFileSync(file, 'utf8') !== '') return readFileSync(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${file} never appeared`);
}

describe('native identity and manners (as on Windows)', () => {
  it('sets the AppUserModelID first, shows notifications and the confirmation without focus, opens pops through openExternal', async () => {
    electronFake.reset();
    app.pathRoot = root;
    await import('../../electron/main/index.js');
    await settle();
    const adapter = (await import('../../electron/app/connector-adapter.js')) as unknown as {
      created: Array<{ services: FakeConnectorServices; deps: ConnectorDependencies }>;
    };
    const { services, deps } = adapter.created[0]!;

    // The identity the installer's shortcut carries (electron-builder appId), before anything
    // the OS shows: here the first-run settings window.
    const builderAppId = /^appId:\s*(\S+)\s*$/m.exec(
      readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8'),
    )?.[1];
    expect(APP_ID).toBe(builderAppId);
    expect(electronFake.order[0]).toBe(`app.setAppUserModelId ${APP_ID}`);
    expect(electronFake.order.filter((c) => c.startsWith('app.setAppUserModelId'))).toHaveLength(1);
    expect(electronFake.order).toContain('BrowserWindow');

    // A call notification: shown, and no window of ours is brought up or focused for it.
    const activationsBefore = BrowserWindow.instances.map((w) => w.activations);
    const countBefore = BrowserWindow.instances.length;
    services.receiveCall(historyEntry({ outcome: 'popped' }));
    await settle();
    expect(Notification.instances.at(-1)?.shown).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(countBefore);
    expect(BrowserWindow.instances.map((w) => w.activations)).toEqual(activationsBefore);

    // The tel: confirmation pops up inactive: an agent typing elsewhere keeps the keyboard.
    app.emit('second-instance', new FakeEvent(), ['accolades-connector', 'tel:0712345678'], root);
    await settle();
    const confirm = BrowserWindow.instances.at(-1)!;
    confirm.emit('ready-to-show');
    expect(confirm.visible).toBe(true);
    expect(confirm.activations).toBe(0);
    expect(electronFake.order.at(-1)).toBe('BrowserWindow.showInactive');
    expect(electronFake.order.indexOf('Notification.show')).toBeGreaterThan(0);

    // Pops: the app's UrlOpener is Electron's shell.openExternal after the URL policy.
    const opener = deps.urlOpener!;
    expect(opener).toBeDefined();
    await opener.open('https://crm.example/contacts?phone=%2B40712345678');
    expect(shell.opened).toEqual(['https://crm.example/contacts?phone=%2B40712345678']);
    for (const refused of ['file:///etc/passwd', 'javascript:alert(1)', 'http://crm.example/']) {
      await expect(opener.open(refused)).rejects.toThrow();
    }
    expect(shell.opened).toHaveLength(1);

    // A browser named in the settings is started directly, the URL as its one argument.
    const browser = join(root, 'named-browser');
    const record = `${browser}.json`;
    writeFileSync(
      browser,
      `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`,
    );
    chmodSync(browser, 0o755);
    const hostile = 'https://crm.example/c?q=x;$(touch%20pwned)&n=`id`';
    await opener.open(hostile, { browser });
    expect(JSON.parse(await waitForFile(record))).toEqual([new URL(hostile).href]);
    expect(shell.opened).toHaveLength(1);
  });
});
