// Every IPC request passes one guard: our own top-level page only, a page the method declares
// as a caller, then a payload that passes the method's declared schema, then the handler;
// failures come back as plain words, never as a thrown error. Behind the guard run the REAL
// services over in-memory settings and secrets and a temp data folder.
vi.mock('electron', () => import('../fakes/electron.js'));

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { HISTORY_CSV_COLUMNS } from '../../electron/core/history/history-csv.js';
import { createIpcHandlers } from '../../electron/main/ipc/handlers.js';
import {
  checkSender,
  guardInvoke,
  runValidated,
  type InvokeHandlers,
} from '../../electron/main/ipc/invoke-guard.js';
import { registerAllHandlers } from '../../electron/main/ipc/register-handlers.js';
import { isOwnPageUrl, pageOfUrl, pageUrl } from '../../electron/main/security/app-protocol.js';
import {
  INVOKE_NAMES,
  invokeChannel,
  METHODS,
  PAGE_NAMES,
  type Failure,
  type InvokeName,
  type InvokeRequest,
} from '../../electron/shared/ipc-contract.js';
import { electronFake, ipcMain } from '../fakes/electron.js';
import { PAGE, testGuardOptions, testUiPorts } from '../fakes/ipc-test-setup.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { MemorySettingsStore } from '../fakes/memory-settings-store.js';

const OWN = PAGE.settings;
let dir: string;
let settings: MemorySettingsStore;
let services: CoreConnectorServices;
let log: MemoryLogger;

async function startServices(policy?: object): Promise<void> {
  let policyFile: string | undefined;
  if (policy) {
    policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(policy));
  }
  settings = new MemorySettingsStore({});
  services = new CoreConnectorServices({
    userSettings: settings,
    policyFile,
    secrets: new MemorySecretStore(),
    logger: new MemoryLogger(),
    dataDirectory: dir,
  });
}

beforeEach(async () => {
  electronFake.reset();
  ipcMain.removeAllListeners();
  dir = await mkdtemp(join(tmpdir(), 'ipc-guard-'));
  log = new MemoryLogger();
  await startServices();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A request each method accepts: the compiler makes a new declaration add a row here. */
const VALID: { [K in InvokeName]: InvokeRequest<K> } = {
  getStatus: undefined,
  getSettings: undefined,
  saveSettings: { phone: { defaultCountry: 'RO' } },
  setRestPassword: { password: 'p' },
  testCredentials: undefined,
  exportSettings: { includeCrmId: false },
  importSettings: undefined,
  setBridgeToken: { token: 't' },
  setLookupApiKey: { apiKey: 'k' },
  listPresets: undefined,
  expandPreset: { id: 'hubspot', inputs: { portalId: '1' } },
  getBrowserTab: undefined,
  startBrowserPairing: undefined,
  cancelBrowserPairing: undefined,
  unpairBrowser: { origin: `chrome-extension://${'a'.repeat(32)}` },
  previewRule: { rule: { name: 'r' }, sampleNumber: '0712', direction: 'inbound' },
  testRule: { rule: { name: 'r' }, sampleNumber: '0712', direction: 'inbound' },
  normalizeNumber: { text: '0712' },
  dial: { number: '0712' },
  checkSms: { text: 'hi' },
  sendSms: { number: '0712', text: 'hi' },
  listHistory: {},
  reopenCall: { callId: 'call-1' },
  callBack: { callId: 'call-1' },
  exportHistoryCsv: undefined,
  listDialRequests: undefined,
  confirmDial: { requestId: 'r1', accept: false },
  testLookup: { number: '0712345678' },
  listContactChoices: { callId: 'call-1' },
  openContactChoice: { callId: 'call-1', choice: 0 },
  getLocale: undefined,
};

/** Handlers that only record what reached them: the guard is what is under test here. */
function recordingHandlers(reached: Array<[InvokeName, unknown]>): InvokeHandlers {
  return Object.fromEntries(
    INVOKE_NAMES.map((name) => [
      name,
      async (request: unknown) => {
        reached.push([name, request]);
        return { ok: true };
      },
    ]),
  ) as unknown as InvokeHandlers;
}

describe('checkSender', () => {
  it('accepts our own top-level page and refuses everything else', () => {
    expect(checkSender({ senderFrame: { url: OWN, parent: null } }, isOwnPageUrl)).toBeUndefined();
    expect(checkSender({ senderFrame: null }, isOwnPageUrl)).toMatch(/no sender frame/);
    expect(
      checkSender(
        { senderFrame: { url: 'https://evil.example.com/', parent: null } },
        isOwnPageUrl,
      ),
    ).toMatch(/foreign/);
    expect(
      checkSender(
        { senderFrame: { url: 'file:///app/renderer/settings/index.html', parent: null } },
        isOwnPageUrl,
      ),
    ).toMatch(/foreign/);
    expect(checkSender({ senderFrame: { url: OWN, parent: { url: OWN } } }, isOwnPageUrl)).toMatch(
      /sub-frame/,
    );
  });

  it('knows each page by its URL, and nothing else as a page', () => {
    for (const page of PAGE_NAMES) expect(pageOfUrl(pageUrl(page))).toBe(page);
    expect(pageOfUrl('app://connector/settings/index.html?tab=rules')).toBe('settings');
    for (const url of [
      'app://connector/',
      'app://connector/common/i18n.js',
      'app://connector/%73ettings/index.html',
      'app://connector.evil/settings/index.html',
      'https://connector/settings/index.html',
      'not a url',
    ])
      expect(pageOfUrl(url), url).toBeUndefined();
  });
});

describe('the declarations drive the guard (every declared method)', () => {
  const foreign = [
    ['a web page', 'https://evil.example.com/'],
    ['a file page', 'file:///tmp/x.html'],
    ['a look-alike host', 'app://connector.evil/settings/index.html'],
    ['no page of ours', 'app://connector/common/index.html'],
    ['a destroyed frame', null],
  ] as const;

  it.each(INVOKE_NAMES)(
    '%s: only its declared pages reach it, with a valid request',
    async (name) => {
      const reached: Array<[InvokeName, unknown]> = [];
      registerAllHandlers(recordingHandlers(reached), testGuardOptions(log));
      const channel = invokeChannel(name);
      const callers = METHODS[name].callers;
      expect(callers.length).toBeGreaterThan(0);

      for (const [label, url] of foreign) {
        const answer = (await ipcMain.invokeFrom(url, channel, VALID[name])) as Failure;
        expect(answer.code, label).toBe('forbidden');
      }
      for (const page of PAGE_NAMES.filter((p) => !callers.includes(p))) {
        const answer = (await ipcMain.invokeFrom(pageUrl(page), channel, VALID[name])) as Failure;
        expect(answer, page).toEqual({
          ok: false,
          code: 'forbidden',
          error: expect.stringContaining('did not come'),
        });
      }
      for (const page of callers) {
        const wrong = (await ipcMain.invokeFrom(pageUrl(page), channel, {
          injected: 'https://evil.example.com/',
        })) as Failure;
        expect(wrong, page).toMatchObject({ ok: false, code: 'bad-request' });
      }
      expect(reached).toEqual([]);

      for (const page of callers) {
        expect(await ipcMain.invokeFrom(pageUrl(page), channel, VALID[name])).toEqual({ ok: true });
      }
      expect(reached).toEqual(callers.map(() => [name, VALID[name]]));
    },
  );

  it('registers exactly one guarded channel per declaration and removes them all', () => {
    const remove = registerAllHandlers(recordingHandlers([]), testGuardOptions(log));
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(METHODS)
        .map((name) => `connector:${name}`)
        .sort(),
    );
    remove();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('the real handlers behind the guard', () => {
  const register = (ui = {}) =>
    registerAllHandlers(
      createIpcHandlers(services, testUiPorts(services, ui)),
      testGuardOptions(log),
    );

  it('lists the CRM presets and expands one through the guard, naming a bad input', async () => {
    register();
    const list = (await ipcMain.invokeFrom(OWN, invokeChannel('listPresets'))) as {
      presets: { id: string }[];
    };
    expect(list.presets.map((p) => p.id)).toContain('hubspot');
    expect(
      await ipcMain.invokeFrom(OWN, invokeChannel('expandPreset'), {
        id: 'zendesk',
        inputs: { subdomain: 'acme' },
      }),
    ).toMatchObject({
      ok: true,
      rule: { open: 'https://acme.zendesk.com/agent/search/1?type=user&q=phone%3A{e164|noplus}' },
    });
    const refused = await ipcMain.invokeFrom(OWN, invokeChannel('expandPreset'), {
      id: 'generic',
      inputs: { host: 'user@evil.example', path: '/s' },
    });
    expect(refused).toMatchObject({ ok: false, code: 'invalid' });
    expect((refused as Failure).errors?.map((e) => e.path)).toEqual(['inputs.host']);
  });

  it('answers our own page', async () => {
    register();
    const status = await ipcMain.invokeFrom(OWN, invokeChannel('getStatus'));
    expect(status).toMatchObject({ ok: true, status: { paused: false } });
  });

  it.each([
    ['a web page', 'https://evil.example.com/'],
    ['the dialer window', PAGE.dialer],
    ['a destroyed frame', null],
  ])('refuses %s and saves nothing', async (_label, url) => {
    register();
    const answer = (await ipcMain.invokeFrom(url, invokeChannel('saveSettings'), {
      phone: { defaultCountry: 'MD' },
    })) as Failure;
    expect(answer).toEqual({
      ok: false,
      code: 'forbidden',
      error: expect.stringContaining('did not come'),
    });
    expect(settings.saved).toEqual([]);
    expect(log.text()).toContain('refused a request');
  });

  it.each<[InvokeName, string, string, unknown]>([
    ['dial', PAGE.dialer, 'a number that is an object', { number: { toString: 'x' } }],
    ['dial', PAGE.dialer, 'an oversize number', { number: '1'.repeat(500) }],
    ['reopenCall', PAGE.history, 'a path instead of an id', { callId: '../../etc/passwd' }],
    ['reopenCall', PAGE.history, 'a URL instead of an id', { callId: 'https://evil.example.com' }],
    ['callBack', PAGE.history, 'no payload', undefined],
    ['confirmDial', PAGE.confirmDial, 'no accept', { requestId: 'abc' }],
    ['getStatus', OWN, 'a payload where none is expected', { x: 1 }],
    ['saveSettings', OWN, 'an unknown section', { shell: { command: 'rm -rf /' } }],
    ['saveSettings', OWN, 'rules that are not objects', { rules: ['x'] }],
    ['saveSettings', OWN, 'an array', [1, 2]],
    ['previewRule', OWN, 'no direction', { rule: { name: 'x' }, sampleNumber: '0712' }],
    ['expandPreset', OWN, 'inputs that are not strings', { id: 'hubspot', inputs: { a: 1 } }],
    [
      'previewRule',
      OWN,
      'a rule that is a string',
      { rule: 'x', sampleNumber: '0712', direction: 'inbound' },
    ],
    ['listHistory', PAGE.history, 'a huge limit', { limit: 1e9 }],
    ['listHistory', PAGE.history, 'a negative cursor', { before: -1 }],
    ['listHistory', PAGE.history, 'a fractional cursor', { before: 1.5 }],
    ['listHistory', PAGE.history, 'a cursor past 2^53', { before: 2 ** 60 }],
    ['listHistory', PAGE.history, 'a cursor that is text', { before: '10' }],
    ['setRestPassword', OWN, 'a non-string password', { password: 42 }],
  ])('%s from its page refuses %s', async (name, page, _label, payload) => {
    register();
    const answer = (await ipcMain.invokeFrom(page, invokeChannel(name), payload)) as Failure;
    expect(answer.ok).toBe(false);
    expect(answer.code).toBe('bad-request');
    expect(answer.error).toBe('The request was not understood.');
    expect(settings.saved).toEqual([]);
    expect((await services.getSettings()).restPasswordStored).toBe(false);
  });

  it('turns a throwing handler into a plain failure and logs the details', async () => {
    const handler = guardInvoke(
      'getStatus',
      async () => {
        throw new Error('boom at line 12');
      },
      testGuardOptions(log),
    );
    const answer = await handler({ senderFrame: { url: OWN, parent: null } }, undefined);
    expect(answer).toEqual({
      ok: false,
      code: 'internal',
      error: expect.stringContaining('went wrong'),
    });
    expect(log.text()).toContain('boom at line 12');
  });

  it('passes validated data to the handler (the loopback bridge uses runValidated)', async () => {
    const handlers = createIpcHandlers(services, testUiPorts(services));
    const answer = await runValidated(
      'normalizeNumber',
      handlers.normalizeNumber,
      { text: '0712 345 678' },
      testGuardOptions(log),
    );
    expect(answer).toMatchObject({ ok: true, formats: { e164: '+40712345678' } });
    const refused = await runValidated(
      'normalizeNumber',
      handlers.normalizeNumber,
      { text: 12 },
      testGuardOptions(log),
    );
    expect(refused).toMatchObject({ ok: false, code: 'bad-request' });
  });
});

describe('handlers', () => {
  it('never sends the password back: only whether one is stored', async () => {
    const handlers = createIpcHandlers(services, testUiPorts(services));
    const saved = await handlers.setRestPassword({ password: 's3cret-pass' });
    expect(saved).toMatchObject({ ok: true, settings: { restPasswordStored: true } });
    expect(JSON.stringify(saved)).not.toContain('s3cret-pass');
    expect(JSON.stringify(await handlers.getSettings(undefined))).not.toContain('s3cret-pass');
  });

  it('refuses to store a password when secure storage is unavailable, and says why', async () => {
    const reason = 'No system keyring was found.';
    const handlers = createIpcHandlers(
      services,
      testUiPorts(services, { secureStorage: () => ({ available: false, reason }) }),
    );
    const answer = await handlers.setRestPassword({ password: 'x' });
    expect(answer).toMatchObject({ ok: false, code: 'invalid', error: reason });
    expect((await services.getSettings()).restPasswordStored).toBe(false);
  });

  it('explains invalid settings field by field and saves nothing', async () => {
    await startServices({
      accolades: { url: 'wss://pbx.example.com:14327' },
      locked: ['accolades.url'],
    });
    const handlers = createIpcHandlers(services, testUiPorts(services));
    const answer = await handlers.saveSettings({ accolades: { url: 'wss://x.example.com' } });
    expect(answer).toMatchObject({ ok: false, code: 'invalid' });
    expect(answer.ok ? [] : answer.errors?.map((error) => error.path)).toContain('accolades.url');
    expect(settings.saved).toEqual([]);
    expect(services.getConfig().accolades.url).toBe('wss://pbx.example.com:14327');
  });

  it('reports the effective language: the setting, else the OS locale', async () => {
    const handlers = createIpcHandlers(
      services,
      testUiPorts(services, { osLocale: () => 'ro-RO' }),
    );
    expect(await handlers.getLocale(undefined)).toEqual({
      ok: true,
      language: 'ro',
      setting: 'auto',
    });
  });

  it('exports the CSV where the user chose and returns only the file name', async () => {
    const written: Array<[string, string]> = [];
    const handlers = createIpcHandlers(
      services,
      testUiPorts(services, {
        chooseCsvPath: async () => '/home/agent/Documents/calls.csv',
        writeCsvFile: async (path, chunks) => {
          let text = '';
          for await (const chunk of chunks) text += chunk;
          written.push([path, text]);
        },
      }),
    );
    expect(await handlers.exportHistoryCsv(undefined)).toEqual({
      ok: true,
      fileName: 'calls.csv',
      count: 0,
    });
    expect(written).toEqual([
      [
        '/home/agent/Documents/calls.csv',
        `${HISTORY_CSV_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`,
      ],
    ]);
    const cancelled = createIpcHandlers(services, testUiPorts(services));
    expect(await cancelled.exportHistoryCsv(undefined)).toEqual({ ok: true, cancelled: true });
  });
});
