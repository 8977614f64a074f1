// Settings export/import from the settings window: through the real guard and handlers to the
// REAL CoreConnectorServices, with a real policy file and real files in a temp dir. The page
// sends nothing; the dialog ports answer with a path (or cancel), main reads/writes the file.
vi.mock('electron', () => import('../fakes/electron.js'));

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageBoxOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import { MAX_SETTINGS_FILE_BYTES } from '../../electron/main/ipc/settings-file-handlers.js';
import {
  invokeChannel,
  type Failure,
  type SettingsView,
} from '../../electron/shared/ipc-contract.js';
import { dialog, electronFake, ipcMain } from '../fakes/electron.js';
import { PAGE, registerTestHandlers } from '../fakes/ipc-test-setup.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

const OWN = PAGE.settings;
const PASSWORD = 'rest-pass-93kd71';
const TOKEN = 'bridge-token-x81ma2';
const PROXY_PASSWORD = 'proxy-s3cret-77';

type ExportAnswer = { ok: true; fileName: string } | { ok: true; cancelled: true } | Failure;
type ImportAnswer =
  | {
      ok: true;
      fileName: string;
      settings: SettingsView;
      skippedLocked: string[];
      securityChanges: string[];
    }
  | { ok: true; fileName: string; declined: true; securityChanges: string[] }
  | { ok: true; cancelled: true }
  | Failure;

let dir: string;
let saved: Array<Record<string, unknown>>;
let savePath: string | undefined;
let openPath: string | undefined;
let dialogs: string[];

async function startServices(options: { user?: Record<string, unknown>; policy?: object } = {}) {
  electronFake.reset();
  ipcMain.removeAllListeners();
  let policyFile: string | undefined;
  if (options.policy) {
    policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(options.policy));
  }
  saved = [];
  const secrets = new MemorySecretStore();
  const services = new CoreConnectorServices({
    userSettings: {
      location: 'settings.json (test)',
      load: () => options.user ?? {},
      save: (settings) => void saved.push(structuredClone(settings)),
    },
    policyFile,
    secrets,
    logger: new MemoryLogger(),
    dataDirectory: dir,
  });
  const remove = registerTestHandlers(services, {
    chooseSettingsSavePath: async (defaultName) => {
      dialogs.push(`save:${defaultName}`);
      return savePath;
    },
    chooseSettingsOpenPath: async () => {
      dialogs.push('open');
      return openPath;
    },
  });
  return { services, secrets, remove };
}

let cleanup: (() => void) | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-file-ipc-'));
  savePath = undefined;
  openPath = undefined;
  dialogs = [];
});

afterEach(async () => {
  cleanup?.();
  cleanup = undefined;
  await rm(dir, { recursive: true, force: true });
});

const exportSettings = (payload?: unknown) =>
  ipcMain.invokeFrom(OWN, invokeChannel('exportSettings'), payload) as Promise<ExportAnswer>;
const importSettings = (payload?: unknown) =>
  ipcMain.invokeFrom(OWN, invokeChannel('importSettings'), payload) as Promise<ImportAnswer>;

const USER = {
  accolades: { crmId: 'agent-42', proxy: `http://ana:${PROXY_PASSWORD}@proxy.example.com:3128` },
  phone: { defaultCountry: 'MD' },
  rules: [{ name: 'CRM', open: 'https://crm.example.com/find?phone={e164}' }],
};

describe('exportSettings over IPC', () => {
  it("writes the agent's own settings as JSON, with no secret in it, and answers the file name", async () => {
    const { services, secrets, remove } = await startServices({ user: USER });
    cleanup = remove;
    await secrets.set('restPassword', PASSWORD);
    await secrets.set('bridgeToken', TOKEN);
    savePath = join(dir, 'exported.json');

    const answer = await exportSettings();
    expect(answer).toEqual({ ok: true, fileName: 'exported.json' });
    expect(dialogs).toEqual(['save:accolades-settings-export.json']);
    const text = await readFile(savePath, 'utf8');
    // An export is made to be mailed: no secret, and no CRM ID unless the agent asks for it.
    for (const secret of [PASSWORD, TOKEN, PROXY_PASSWORD, 'ana:', 'agent-42'])
      expect(text).not.toContain(secret);
    const exported = JSON.parse(text) as Record<string, Record<string, unknown>>;
    expect(exported.version).toBe(1);
    expect(exported.accolades).toEqual({ proxy: 'http://proxy.example.com:3128/' });
    expect(exported.phone).toEqual({ defaultCountry: 'MD' });
    // Only the agent's layer: defaults (server address, REST base URL, ui) are not written.
    expect(exported.rest).toBeUndefined();
    expect(exported.ui).toBeUndefined();
    if (process.platform !== 'win32') expect((await stat(savePath)).mode & 0o077).toBe(0);
    expect(services.getConfig().accolades.proxy).toContain(PROXY_PASSWORD); // unchanged here
  });

  it('writes the CRM ID too when the agent asks for it (a copy for their own computer)', async () => {
    cleanup = (await startServices({ user: USER })).remove;
    savePath = join(dir, 'mine.json');
    expect(await exportSettings({ includeCrmId: true })).toEqual({
      ok: true,
      fileName: 'mine.json',
    });
    const exported = JSON.parse(await readFile(savePath, 'utf8')) as {
      accolades: Record<string, unknown>;
    };
    expect(exported.accolades).toEqual({
      crmId: 'agent-42',
      proxy: 'http://proxy.example.com:3128/',
    });
    expect(await exportSettings({ includeCrmId: false })).toMatchObject({ ok: true });
    expect(await readFile(savePath, 'utf8')).not.toContain('agent-42');
  });

  it('answers cancelled and writes nothing when the agent cancels the dialog', async () => {
    cleanup = (await startServices({ user: USER })).remove;
    expect(await exportSettings()).toEqual({ ok: true, cancelled: true });
    expect(dialogs).toHaveLength(1);
  });

  it('refuses a page that sends a path or content of its own, before any dialog', async () => {
    cleanup = (await startServices({ user: USER })).remove;
    savePath = join(dir, 'x.json');
    for (const payload of [{ path: '/etc/passwd' }, 'x.json', { includeCrmId: 'yes' }]) {
      expect(await exportSettings(payload)).toMatchObject({ ok: false, code: 'bad-request' });
      expect(await importSettings(payload)).toMatchObject({ ok: false, code: 'bad-request' });
    }
    expect(dialogs).toEqual([]);
  });

  it('says in plain words when the file cannot be written', async () => {
    cleanup = (await startServices({ user: USER })).remove;
    savePath = join(dir, 'no-such-folder', 'exported.json');
    const answer = await exportSettings();
    expect(answer).toMatchObject({ ok: false });
    expect((answer as Failure).error).toBe(
      'The file exported.json could not be written: it does not exist',
    );
  });
});

describe('importSettings over IPC', () => {
  const POLICY = {
    accolades: { url: 'wss://pbx.example.com:14327' },
    rules: [{ name: 'Policy rule', open: 'https://crm.example.com/p?n={e164}' }],
    locked: ['accolades.url', 'rules'],
  };

  it('imports a file, leaves out and lists the keys the policy locks, and saves the rest', async () => {
    const { services, remove } = await startServices({ policy: POLICY });
    cleanup = remove;
    openPath = join(dir, 'from-colleague.json');
    await writeFile(
      openPath,
      JSON.stringify({
        version: 1,
        accolades: { url: 'wss://evil.example.com:1', crmId: 'agent-7' },
        phone: { defaultCountry: 'MD' },
        rules: [{ name: 'Mine', open: 'https://other.example.com/?n={e164}' }],
      }),
    );

    const answer = await importSettings();
    expect(answer).toMatchObject({
      ok: true,
      fileName: 'from-colleague.json',
      skippedLocked: ['accolades.url', 'rules'],
    });
    const settings = (answer as { settings: SettingsView }).settings;
    expect(settings.config.accolades).toMatchObject({
      url: 'wss://pbx.example.com:14327',
      crmId: 'agent-7',
    });
    expect(settings.config.phone.defaultCountry).toBe('MD');
    expect(settings.config.rules.map((rule) => rule.name)).toEqual(['Policy rule']);
    expect(services.getConfig().accolades.crmId).toBe('agent-7');
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      accolades: { crmId: 'agent-7' },
      phone: { defaultCountry: 'MD' },
    });
    expect(JSON.stringify(saved[0])).not.toContain('evil.example.com');
    expect(saved[0]!.rules).toBeUndefined();
  });

  it('refuses a broken file in plain words and saves nothing', async () => {
    const { services, remove } = await startServices({ user: USER });
    cleanup = remove;
    const before = structuredClone(services.getConfig());
    const cases: Array<[string, string, RegExp]> = [
      ['not-json.json', '{ "phone": ', /not-json\.json/],
      ['bad-value.json', JSON.stringify({ phone: { defaultCountry: 'Romania' } }), /two-letter/],
      ['unknown-key.json', JSON.stringify({ phnoe: {} }), /phnoe/],
      [
        'http-rule.json',
        JSON.stringify({ rules: [{ name: 'Plain', open: 'http://crm.example.com/?n={e164}' }] }),
        /https/,
      ],
    ];
    for (const [name, text, why] of cases) {
      openPath = join(dir, name);
      await writeFile(openPath, text);
      const answer = await importSettings();
      expect(answer, name).toMatchObject({ ok: false, code: 'invalid' });
      const error = (answer as Failure).error;
      expect(error, name).toContain(`The file ${name} cannot be imported; nothing was changed.`);
      expect(error, name).toMatch(why);
    }
    expect(saved).toEqual([]);
    expect(services.getConfig()).toEqual(before);
  });

  it('says when the file is missing or far too large, and saves nothing', async () => {
    cleanup = (await startServices({ user: USER })).remove;
    openPath = join(dir, 'gone.json');
    expect(await importSettings()).toMatchObject({
      ok: false,
      error: 'The file gone.json could not be read: it does not exist',
    });
    openPath = join(dir, 'huge.json');
    await writeFile(openPath, ' '.repeat(MAX_SETTINGS_FILE_BYTES + 1));
    expect(await importSettings()).toMatchObject({
      ok: false,
      error: 'The file huge.json is too large to be a settings file.',
    });
    expect(saved).toEqual([]);
  });

  it('answers cancelled and changes nothing when the agent cancels the dialog', async () => {
    cleanup = (await startServices({ user: USER })).remove;
    expect(await importSettings()).toEqual({ ok: true, cancelled: true });
    expect(dialogs).toEqual(['open']);
    expect(saved).toEqual([]);
  });

  it('round-trips: what one computer exports, another imports unchanged', async () => {
    cleanup = (await startServices({ user: { ...USER, accolades: { crmId: 'agent-42' } } })).remove;
    savePath = join(dir, 'roundtrip.json');
    expect(await exportSettings({ includeCrmId: true })).toMatchObject({ ok: true });
    cleanup();
    const { services, remove } = await startServices();
    cleanup = remove;
    openPath = savePath;
    expect(await importSettings()).toMatchObject({ ok: true, skippedLocked: [] });
    expect(services.getConfig().accolades.crmId).toBe('agent-42');
    expect(services.getConfig().phone.defaultCountry).toBe('MD');
    expect(services.getConfig().rules.map((rule) => rule.name)).toEqual(['CRM']);
  });

  describe('a file that changes programs or where secrets go', () => {
    const HOSTILE = {
      version: 1,
      rules: [
        {
          name: 'Desk app',
          direction: 'inbound',
          run: { program: '/usr/local/bin/not-the-crm', args: ['--sync', '{e164}'] },
        },
      ],
      rest: { baseUrl: 'https://collector.example.net' },
      lookup: { url: 'https://names.example.net/who?n={e164}', apiKeyHeader: 'X-Api-Key' },
      phone: { defaultCountry: 'MD' },
    };

    async function hostileImport() {
      const started = await startServices({ user: USER });
      cleanup = started.remove;
      openPath = join(dir, 'from-a-stranger.json');
      await writeFile(openPath, JSON.stringify(HOSTILE));
      dialog.holdMessageBoxes = true;
      const pending = importSettings();
      await vi.waitFor(() => expect(dialog.heldMessageBoxes).toHaveLength(1));
      const box = dialog.messageBoxes[0] as MessageBoxOptions;
      return { ...started, pending, box };
    }

    it('lists every security-relevant change in a box whose default is Cancel', async () => {
      const { box, pending } = await hostileImport();
      const text = `${box.message}\n${box.detail ?? ''}`;
      expect(text).toContain('from-a-stranger.json');
      for (const part of [
        '/usr/local/bin/not-the-crm',
        '--sync',
        'rest.baseUrl',
        'https://collector.example.net',
        'lookup.url',
        'https://names.example.net/who?n={e164}',
        'lookup.apiKeyHeader',
        'X-Api-Key',
      ])
        expect(text).toContain(part);
      // Harmless changes are not in the list (the box is about risk, not every field).
      expect(text).not.toContain('defaultCountry');
      expect(box.defaultId).toBe(box.cancelId);
      expect(box.buttons?.[box.cancelId!]).toBe('Cancel');
      dialog.answerMessageBox(box.cancelId!);
      await pending;
    });

    it('Cancel changes nothing and says what the file would have changed', async () => {
      const { services, box, pending } = await hostileImport();
      const before = structuredClone(services.getConfig());
      dialog.answerMessageBox(box.cancelId!);
      const answer = await pending;
      expect(answer).toMatchObject({ ok: true, fileName: 'from-a-stranger.json', declined: true });
      const lines = (answer as { securityChanges: string[] }).securityChanges;
      expect(lines.join('\n')).toContain('/usr/local/bin/not-the-crm');
      expect(lines.join('\n')).toContain('https://collector.example.net');
      expect(saved).toEqual([]);
      expect(services.getConfig()).toEqual(before);
    });

    it('the other button applies the whole file, programs and addresses included', async () => {
      const { services, box, pending } = await hostileImport();
      const apply = (box.buttons ?? []).findIndex((_label, index) => index !== box.cancelId);
      dialog.answerMessageBox(apply);
      const answer = await pending;
      expect(answer).toMatchObject({ ok: true, fileName: 'from-a-stranger.json' });
      expect((answer as { securityChanges: string[] }).securityChanges.length).toBeGreaterThan(2);
      expect(saved).toHaveLength(1);
      const config = services.getConfig();
      expect(config.rules[0]?.run?.program).toBe('/usr/local/bin/not-the-crm');
      expect(config.rest.baseUrl).toBe('https://collector.example.net');
      expect(config.lookup.url).toBe('https://names.example.net/who?n={e164}');
      expect(config.phone.defaultCountry).toBe('MD');
    });

    it('asks nothing for a file whose programs and addresses are the ones in use', async () => {
      const { remove } = await startServices({ user: { ...USER, rules: HOSTILE.rules } });
      cleanup = remove;
      openPath = join(dir, 'same-program.json');
      await writeFile(
        openPath,
        JSON.stringify({ version: 1, rules: HOSTILE.rules, phone: { defaultCountry: 'RO' } }),
      );
      expect(await importSettings()).toMatchObject({ ok: true, securityChanges: [] });
      expect(dialog.messageBoxes).toEqual([]);
      expect(saved).toHaveLength(1);
    });
  });
});
