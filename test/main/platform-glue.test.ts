// Small pieces of platform glue: power/online events reconnect, start at login (a real
// autostart file on Linux, login items elsewhere), the dial shortcut, and secrets that are
// never stored in clear text (refused on Linux's basic_text backend).
vi.mock('electron', () => import('../fakes/electron.js'));

import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SecretName } from '../../electron/core/ports.js';
import { DialShortcut } from '../../electron/main/dial-shortcut.js';
import { applyStartAtLogin } from '../../electron/main/login-item.js';
import { setupPowerEvents } from '../../electron/main/power.js';
import {
  SafeStorageSecretStore,
  type EncryptedBlobStore,
} from '../../electron/main/store/safe-storage-secrets.js';
import {
  app,
  electronFake,
  globalShortcut,
  net,
  powerMonitor,
  safeStorage,
} from '../fakes/electron.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

beforeEach(() => electronFake.reset());

describe('power and network events', () => {
  it('reconnects on resume, unlock and when the network comes back', () => {
    const clock = new FakeClock();
    let reconnects = 0;
    const stop = setupPowerEvents({
      reconnectNow: () => reconnects++,
      log: new MemoryLogger(),
      clock,
      pollMs: 5_000,
    });
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(reconnects).toBe(2);

    net.online = false;
    clock.advance(5_000);
    expect(reconnects).toBe(2); // going offline is not a reason
    clock.advance(5_000);
    net.online = true;
    clock.advance(5_000);
    expect(reconnects).toBe(3);
    clock.advance(20_000);
    expect(reconnects).toBe(3); // staying online is not either

    stop();
    powerMonitor.emit('resume');
    expect(reconnects).toBe(3);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('start at login', () => {
  const home = mkdtempSync(join(tmpdir(), 'autostart-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('writes and removes the XDG autostart entry on Linux', async () => {
    const environment = {
      platform: 'linux' as const,
      env: {},
      homeDirectory: home,
      executablePath: '/opt/Accolades Connector/accolades-connector',
    };
    await applyStartAtLogin(true, environment);
    const file = join(home, '.config', 'autostart', 'accolades-connector.desktop');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain('Exec="/opt/Accolades Connector/accolades-connector" --hidden');
    await applyStartAtLogin(false, environment);
    expect(existsSync(file)).toBe(false);
    expect(app.loginItemSettings).toEqual([]);
  });

  it('starts the AppImage, not its temporary mount', async () => {
    const environment = {
      platform: 'linux' as const,
      env: { XDG_CONFIG_HOME: join(home, 'cfg'), APPIMAGE: '/home/agent/Apps/Accolades.AppImage' },
      homeDirectory: home,
      executablePath: '/tmp/.mount_Acc123/accolades-connector',
    };
    await applyStartAtLogin(true, environment);
    expect(
      readFileSync(join(home, 'cfg', 'autostart', 'accolades-connector.desktop'), 'utf8'),
    ).toContain('Exec=/home/agent/Apps/Accolades.AppImage --hidden');
  });

  it('uses login items on Windows and macOS', async () => {
    await applyStartAtLogin(true, {
      platform: 'win32',
      env: {},
      homeDirectory: 'C:\\Users\\a',
      executablePath: 'C:\\x.exe',
    });
    expect(app.loginItemSettings).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
  });
});

describe('DialShortcut', () => {
  it('is off by default, registers the chosen accelerator and replaces it', () => {
    const pressed = vi.fn();
    const shortcut = new DialShortcut(pressed);
    expect(shortcut.apply('')).toEqual({ ok: true, active: undefined });
    expect(globalShortcut.registered.size).toBe(0);
    expect(shortcut.apply('CommandOrControl+Shift+D')).toEqual({
      ok: true,
      active: 'CommandOrControl+Shift+D',
    });
    globalShortcut.registered.get('CommandOrControl+Shift+D')?.();
    expect(pressed).toHaveBeenCalledTimes(1);
    shortcut.apply('Alt+F9');
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+F9']);
    shortcut.apply('');
    expect(globalShortcut.registered.size).toBe(0);
  });

  it('reports a taken or invalid shortcut instead of failing', () => {
    globalShortcut.taken.add('Alt+F9');
    const shortcut = new DialShortcut(() => {});
    expect(shortcut.apply('Alt+F9')).toEqual({
      ok: false,
      error: expect.stringContaining('already used'),
    });
    expect(shortcut.apply('Ctrl+?!')).toEqual({
      ok: false,
      error: expect.stringContaining('not a valid shortcut'),
    });
  });
});

describe('SafeStorageSecretStore', () => {
  const messages = { basicText: () => 'no keyring', unavailable: () => 'no encryption' };
  function blobs(): EncryptedBlobStore & { map: Map<SecretName, string> } {
    const map = new Map<SecretName, string>();
    return {
      map,
      get: (n) => map.get(n),
      set: (n, v) => void map.set(n, v),
      delete: (n) => void map.delete(n),
    };
  }

  it('stores secrets encrypted and reads them back', async () => {
    const file = blobs();
    const store = await SafeStorageSecretStore.create({ blobs: file, messages, platform: 'linux' });
    expect(store.unavailableReason()).toBeUndefined();
    await store.set('restPassword', 'p@ss-ș');
    expect([...file.map.values()].join()).not.toContain('p@ss');
    expect(store.has('restPassword')).toBe(true);
    expect(await store.get('restPassword')).toBe('p@ss-ș');
    await store.delete('restPassword');
    expect(await store.get('restPassword')).toBeUndefined();
  });

  it('refuses to store on the Linux basic_text backend, and says why', async () => {
    safeStorage.backend = 'basic_text';
    const file = blobs();
    const store = await SafeStorageSecretStore.create({ blobs: file, messages, platform: 'linux' });
    expect(store.unavailableReason()).toBe('no keyring');
    await expect(store.set('restPassword', 'x')).rejects.toThrow('no keyring');
    expect(file.map.size).toBe(0);
  });

  it('refuses when the OS offers no encryption at all', async () => {
    safeStorage.available = false;
    const store = await SafeStorageSecretStore.create({
      blobs: blobs(),
      messages,
      platform: 'win32',
    });
    expect(store.unavailableReason()).toBe('no encryption');
    await expect(store.set('restPassword', 'x')).rejects.toThrow('no encryption');
  });
});
