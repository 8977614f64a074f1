// The Browser tab section's IPC and the tray line, through the real guard and handlers to the
// REAL CoreConnectorServices with its bridge on a loopback port: the page gets a code, a forged
// extension socket pairs with it, the tray says "connected (Edge)", unpairing over IPC cuts the
// socket; a page's save or an imported file can never add a paired browser; a policy lock stops
// pairing; a foreign page is refused.
vi.mock('electron', () => import('../fakes/electron.js'));

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { setupTray } from '../../electron/main/tray/setup-tray.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import {
  invokeChannel,
  type BrowserTabView,
  type Failure,
} from '../../electron/shared/ipc-contract.js';
import { electronFake, ipcMain, Tray } from '../fakes/electron.js';
import { PAGE, registerTestHandlers } from '../fakes/ipc-test-setup.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { MemorySettingsStore } from '../fakes/memory-settings-store.js';

const EDGE = `chrome-extension://${'e'.repeat(32)}`;
const EDGE_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';

let dir: string;
let services: CoreConnectorServices;
let settings: MemorySettingsStore;
const sockets: WebSocket[] = [];

async function start(policy?: Record<string, unknown>): Promise<void> {
  let policyFile: string | undefined;
  if (policy) {
    policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(policy));
  }
  settings = new MemorySettingsStore({ bridge: { enabled: true } });
  services = new CoreConnectorServices({
    userSettings: settings,
    policyFile,
    secrets: new MemorySecretStore(),
    logger: new MemoryLogger(),
    dataDirectory: dir,
    integrations: { bridge: { listenPort: 0 }, pairing: { listenPort: 0 } },
  });
  await services.start();
  registerTestHandlers(services);
}

beforeEach(async () => {
  electronFake.reset();
  dir = await mkdtemp(join(tmpdir(), 'browser-tab-ipc-'));
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await services.stop();
  await rm(dir, { recursive: true, force: true });
});

const invoke = <T>(
  name: Parameters<typeof invokeChannel>[0],
  payload?: unknown,
  from = PAGE.settings,
) =>
  ipcMain.invokeFrom(from, invokeChannel(name), payload) as Promise<({ ok: true } & T) | Failure>;

/** The extension's side: a WebSocket with its Origin and browser User-Agent, frames collected. */
async function extensionSocket(port: number, origin: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, {
    origin,
    headers: { 'user-agent': EDGE_UA },
  });
  sockets.push(socket);
  const frames: Record<string, unknown>[] = [];
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = async (type: string) => {
    for (let i = 0; i < 500 && !frames.some((f) => f.type === type); i++)
      await new Promise((r) => setTimeout(r, 10));
    const found = frames.find((f) => f.type === type);
    if (!found) throw new Error(`no ${type}: ${JSON.stringify(frames)}`);
    return found;
  };
  return { socket, next, closed, send: (m: unknown) => socket.send(JSON.stringify(m)) };
}

function trayLine(): string | undefined {
  return Tray.instances.at(-1)?.menu?.getMenuItemById('browser-tab')?.label;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('the Browser tab section over IPC, and the tray line', () => {
  it('pairs through a code from the settings page, shows it connected in the tray, unpairs and cuts', async () => {
    await start();
    const tray = setupTray({
      services,
      translate: () => createTranslator('en'),
      locale: () => 'en-US',
      iconPath: (file) => file,
      canDial: () => false,
      onAction: () => {},
      log: new MemoryLogger(),
    });
    try {
      expect(trayLine()).toBeUndefined(); // nothing paired: no line

      const code = await invoke<{ code: string; port: number; expiresAt: number }>(
        'startBrowserPairing',
      );
      if (!code.ok) throw new Error(code.error);
      expect(code.code).toMatch(/^\d{6}$/);

      const pairing = await extensionSocket(code.port, EDGE);
      pairing.send({ type: 'connector.pair', code: code.code, browser: 'chromium' });
      const token = String((await pairing.next('connector.paired')).token);
      await pairing.closed;

      const view = await invoke<{ browserTab: BrowserTabView }>('getBrowserTab');
      expect(view).toMatchObject({
        ok: true,
        browserTab: {
          bridgeEnabled: true,
          bridgePort: code.port,
          pairingLocked: false,
          paired: [{ origin: EDGE, browser: 'chromium', connected: false }],
        },
      });
      expect(JSON.stringify(view)).not.toContain(token);
      // Saved to the user's settings as a hash only.
      expect(JSON.stringify(settings.saved.at(-1))).toContain(EDGE);
      expect(JSON.stringify(settings.saved)).not.toContain(token);
      await until(() => trayLine() === 'Browser tab: not connected', 'not connected line');

      const ext = await extensionSocket(code.port, EDGE);
      ext.send({ type: 'authRequest', idCrm: token });
      await ext.next('authSuccess');
      await new Promise((r) => setTimeout(r, 300));
      // Signed in is not enough: connected means it takes pops (subscribed to tabs).
      expect(trayLine()).toBe('Browser tab: not connected');
      ext.send({
        type: 'subscribe',
        stream: 'tabs',
        extension: { browser: 'chromium', version: '0.1.0' },
      });
      await ext.next('connector.subscribed');
      await until(() => trayLine() === 'Browser tab: connected (Edge)', 'connected line');
      // The extension is not also listed as a "Browser CRM" line.
      const labels = Tray.instances.at(-1)!.menu!.items.map((item) => item.label ?? '');
      expect(labels.filter((label) => label.includes(EDGE))).toEqual([]);

      const after = await invoke<{ browserTab: BrowserTabView }>('unpairBrowser', { origin: EDGE });
      expect(after).toMatchObject({ ok: true, browserTab: { paired: [] } });
      await ext.closed;
      await until(() => trayLine() === undefined, 'line gone');
    } finally {
      tray.dispose();
    }
  });

  it('never lets a page save or an imported file add a paired browser', async () => {
    await start();
    const entry = {
      origin: EDGE,
      browser: 'chromium',
      tokenSha256: 'a'.repeat(64),
      pairedAt: '2026-12-01T00:00:00.000Z',
    };
    const save = await invoke('saveSettings', { browserTab: { pairedExtensions: [entry] } });
    expect(save).toMatchObject({ ok: false, code: 'bad-request' });
    // The other browserTab settings save as usual.
    expect(await invoke('saveSettings', { browserTab: { focusTab: true } })).toMatchObject({
      ok: true,
    });
    const imported = await services.importSettings(
      JSON.stringify({
        version: 1,
        browserTab: { newTab: 'foreground', pairedExtensions: [entry] },
      }),
      'colleague.json',
      async () => true,
    );
    expect(imported.ok).toBe(true);
    expect(services.getConfig().browserTab).toMatchObject({
      focusTab: true,
      newTab: 'foreground',
      pairedExtensions: [],
    });
  });

  it('refuses pairing when the admin locks the paired list, and a page that is not ours', async () => {
    await start({ locked: ['browserTab.pairedExtensions'] });
    expect(await invoke('startBrowserPairing')).toMatchObject({ ok: false, code: 'locked' });
    expect(await invoke<{ browserTab: BrowserTabView }>('getBrowserTab')).toMatchObject({
      browserTab: { pairingLocked: true },
    });
    expect(
      await invoke('startBrowserPairing', undefined, 'https://evil.example.com/'),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await invoke('unpairBrowser', { origin: 'https://crm.example.com' })).toMatchObject({
      ok: false,
      code: 'bad-request',
    });
  });

  it('says to turn the bridge on first when it is off', async () => {
    await start();
    await services.saveSettings({ bridge: { enabled: false } });
    expect(await invoke('startBrowserPairing')).toMatchObject({
      ok: false,
      code: 'not-configured',
      error: expect.stringContaining('bridge'),
    });
  });
});
