// The user's settings file: written and read back as JSON in the data folder, never wiped
// when broken (moved aside instead), secrets kept in their own file. electron-store itself
// needs a running Electron to find its folder, so here it is replaced by its own base class
// (conf) configured the way electron-store configures it; the files on disk are real.
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

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecretBlobFile } from '../../electron/main/store/secret-blob-file.js';
import { createSettingsStore } from '../../electron/main/store/settings-store.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'settings-store-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('settings store', () => {
  it('saves the user layer as JSON (owner-only) and loads it back', () => {
    const store = createSettingsStore({ directory, log: new MemoryLogger() });
    expect(store.load()).toEqual({});
    store.save({ version: 1, accolades: { crmId: 'f8cb549544' }, 'odd.key': true });
    const reopened = createSettingsStore({ directory, log: new MemoryLogger() });
    expect(reopened.load()).toEqual({
      version: 1,
      accolades: { crmId: 'f8cb549544' },
      'odd.key': true,
    });
    expect(store.location).toBe(join(directory, 'settings.json'));
    expect(JSON.parse(readFileSync(store.location, 'utf8'))).toMatchObject({
      accolades: { crmId: 'f8cb549544' },
    });
    if (process.platform !== 'win32') expect(statSync(store.location).mode & 0o777).toBe(0o600);
  });

  it('moves a broken file aside instead of wiping it, and says so', () => {
    writeFileSync(join(directory, 'settings.json'), '{"rules": [ {"name": "half');
    const log = new MemoryLogger();
    const store = createSettingsStore({ directory, log, now: () => 1234 });
    expect(store.load()).toEqual({});
    expect(readFileSync(join(directory, 'settings.broken-1234.json'), 'utf8')).toBe(
      '{"rules": [ {"name": "half',
    );
    expect(log.text()).toContain('moved aside');
  });

  it('keeps secrets in a separate file from the settings', () => {
    const settings = createSettingsStore({ directory, log: new MemoryLogger() });
    settings.save({ rest: { account: '123456' } });
    const secrets = createSecretBlobFile(directory);
    secrets.set('restPassword', 'ZW5jcnlwdGVk');
    expect(secrets.get('restPassword')).toBe('ZW5jcnlwdGVk');
    expect(readFileSync(settings.location, 'utf8')).not.toContain('ZW5jcnlwdGVk');
    expect(readdirSync(directory).sort()).toEqual(['secrets.json', 'settings.json']);
    secrets.delete('restPassword');
    expect(secrets.get('restPassword')).toBeUndefined();
  });
});
