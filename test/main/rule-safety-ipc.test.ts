// Rules that would let a caller freeze the app or reach a shell, through the settings window's
// boundary: the real IPC guard and handlers over the REAL CoreConnectorServices. Saving such a
// rule is refused field by field and stores nothing; saved settings or a policy file holding
// one are not applied at start-up, and the settings window says why.
vi.mock('electron', () => import('../fakes/electron.js'));

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import { invokeChannel, type SettingsView } from '../../electron/shared/ipc-contract.js';
import { electronFake, ipcMain } from '../fakes/electron.js';
import { PAGE, registerTestHandlers } from '../fakes/ipc-test-setup.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { MemorySettingsStore } from '../fakes/memory-settings-store.js';

const OWN = PAGE.settings;
const EVIL_PATTERN = '^(\\+?\\d+[ -]?)+$';

let dir: string;
let remove: (() => void) | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rule-safety-ipc-'));
});

afterEach(async () => {
  remove?.();
  remove = undefined;
  await rm(dir, { recursive: true, force: true });
});

function start(user: Record<string, unknown> = {}, policyFile?: string): MemorySettingsStore {
  electronFake.reset();
  ipcMain.removeAllListeners();
  const settings = new MemorySettingsStore(user);
  const services = new CoreConnectorServices({
    userSettings: settings,
    policyFile,
    secrets: new MemorySecretStore(),
    logger: new MemoryLogger(),
    dataDirectory: dir,
  });
  remove = registerTestHandlers(services);
  return settings;
}

const save = (patch: unknown) => ipcMain.invokeFrom(OWN, invokeChannel('saveSettings'), patch);
const getSettings = async () =>
  (await ipcMain.invokeFrom(OWN, invokeChannel('getSettings'))) as {
    ok: true;
    settings: SettingsView;
  };

describe('saveSettings refuses rules a caller could abuse', () => {
  it.each([
    [
      'a number pattern that backtracks catastrophically',
      { name: 'Any', numberPattern: EVIL_PATTERN, open: 'https://crm.example.com/?p={e164}' },
      'rules.0.numberPattern',
      /repeated group may not contain a quantifier/,
    ],
    [
      'a number pattern with a backreference',
      { name: 'Twice', numberPattern: '^(\\d)\\1', open: 'https://crm.example.com/' },
      'rules.0.numberPattern',
      /backreferences/,
    ],
    [
      'a shell as the program',
      { name: 'Shell', run: { program: '/bin/bash', args: ['-c', 'crm {number}'] } },
      'rules.0.run.program',
      /shell or script host/,
    ],
    [
      'a Windows script host as the program',
      { name: 'Script', run: { program: 'C:\\Windows\\System32\\mshta.exe', args: ['{e164}'] } },
      'rules.0.run.program',
      /shell or script host/,
    ],
  ])('%s: field named, nothing stored', async (_, rule, path, message) => {
    const settings = start();
    const answer = await save({ rules: [rule] });
    expect(answer).toMatchObject({
      ok: false,
      code: 'invalid',
      errors: [{ path, message: expect.stringMatching(message) }],
    });
    expect(settings.saved).toEqual([]);
    expect((await getSettings()).settings.config.rules).toEqual([]);
  });

  it('a safe pattern and a real program are saved', async () => {
    const settings = start();
    const rules = [
      { name: 'Mobiles', numberPattern: '^(\\+40|0)7\\d{8}$', open: 'https://crm.example.com/' },
      { name: 'CRM', run: { program: '/opt/crm/crm', args: ['--phone', '{national}'] } },
    ];
    expect(await save({ rules })).toMatchObject({ ok: true });
    expect(settings.saved).toHaveLength(1);
  });
});

describe('at start-up', () => {
  it('saved settings holding such a rule are not applied, and the window says why', async () => {
    start({
      rules: [{ name: 'Any', numberPattern: EVIL_PATTERN, open: 'https://crm.example.com/' }],
    });
    const { settings } = await getSettings();
    expect(settings.config.rules).toEqual([]);
    expect(settings.policyNote).toMatch(/rules\[0\]\.numberPattern/);
  });

  it('a policy file holding a shell program is not applied, and the window says why', async () => {
    const policy = join(dir, 'policy.json');
    await writeFile(
      policy,
      JSON.stringify({
        rules: [{ name: 'Shell', run: { program: '/bin/sh', args: ['-c', 'crm {number}'] } }],
        locked: ['rules'],
      }),
    );
    start({}, policy);
    const { settings } = await getSettings();
    expect(settings.config.rules).toEqual([]);
    expect(settings.lockedKeys).toEqual([]);
    expect(settings.policyNote).toMatch(/rules\[0\]\.run\.program/);
  });
});
