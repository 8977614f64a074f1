// Every IPC request passes one guard: our own top-level page only, then a validated payload,
// then the handler; failures come back as plain words, never as a thrown error.
vi.mock('electron', () => import('../fakes/electron.js'));

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DialRequestBroker } from '../../electron/app/dial-requests.js';
import { createIpcHandlers, type IpcUiPorts } from '../../electron/main/ipc/handlers.js';
import { checkSender, guardInvoke, runValidated } from '../../electron/main/ipc/invoke-guard.js';
import { registerAllHandlers } from '../../electron/main/ipc/register-handlers.js';
import { isOwnPageUrl } from '../../electron/main/security/app-protocol.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import { INVOKE_CHANNELS, INVOKE_NAMES, type Failure } from '../../electron/shared/ipc-contract.js';
import { requestValidators } from '../../electron/shared/ipc-validators.js';
import { dialog, electronFake, ipcMain } from '../fakes/electron.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { FakeConnectorServices, historyEntry } from '../fakes/fake-connector-services.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

const OWN = 'app://connector/settings/index.html';
let services: FakeConnectorServices;
let log: MemoryLogger;

function uiPorts(overrides: Partial<IpcUiPorts> = {}): IpcUiPorts {
  return {
    translate: () => createTranslator('en'),
    osLocale: () => 'ro-RO',
    secureStorage: () => ({ available: true }),
    dialRequests: new DialRequestBroker({ services, clock: new FakeClock() }),
    openWindow: vi.fn(),
    chooseCsvPath: async () => undefined,
    writeTextFile: async () => {},
    showMessageBox: (box) => dialog.showMessageBox(box),
    appInfo: () => ({ name: 'Accolades Connector', version: '0.1.0', platform: 'linux' }),
    ...overrides,
  };
}

function guardOptions() {
  return { isOwnPage: isOwnPageUrl, log, translate: () => createTranslator('en') };
}

beforeEach(() => {
  electronFake.reset();
  services = new FakeConnectorServices();
  log = new MemoryLogger();
});

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
});

describe('registerAllHandlers', () => {
  it('registers one guarded handler per contract channel and removes them all', () => {
    const remove = registerAllHandlers(createIpcHandlers(services, uiPorts()), guardOptions());
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    remove();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers our own page', async () => {
    registerAllHandlers(createIpcHandlers(services, uiPorts()), guardOptions());
    const status = await ipcMain.invokeFrom(OWN, INVOKE_CHANNELS.getStatus);
    expect(status).toMatchObject({
      ok: true,
      status: { phase: 'connected', paused: false, attention: false },
    });
    await ipcMain.invokeFrom(OWN, INVOKE_CHANNELS.setPaused, { paused: true });
    expect(services.paused).toBe(true);
  });

  it.each([
    ['a web page', 'https://evil.example.com/'],
    ['a file page', 'file:///tmp/x.html'],
    ['a look-alike host', 'app://connector.evil/x'],
    ['a destroyed frame', null],
  ])('refuses %s and never reaches the handler', async (_label, url) => {
    registerAllHandlers(createIpcHandlers(services, uiPorts()), guardOptions());
    const answer = (await ipcMain.invokeFrom(url, INVOKE_CHANNELS.setPaused, {
      paused: true,
    })) as Failure;
    expect(answer).toEqual({
      ok: false,
      code: 'forbidden',
      error: expect.stringContaining('did not come'),
    });
    const dial = (await ipcMain.invokeFrom(url, INVOKE_CHANNELS.dial, {
      number: '0712345678',
    })) as Failure;
    expect(dial.code).toBe('forbidden');
    expect(services.paused).toBe(false);
    expect(services.dialled).toEqual([]);
    expect(log.text()).toContain('refused a request');
  });
});

describe('payload validation', () => {
  it.each<[string, string, unknown]>([
    ['setPaused', 'missing field', {}],
    ['setPaused', 'wrong type', { paused: 'yes' }],
    ['setPaused', 'extra field', { paused: true, url: 'https://x' }],
    ['dial', 'a number that is an object', { number: { toString: 'x' } }],
    ['dial', 'an oversize number', { number: '1'.repeat(500) }],
    ['reopenCall', 'a path instead of an id', { callId: '../../etc/passwd' }],
    ['reopenCall', 'a URL instead of an id', { callId: 'https://evil.example.com' }],
    ['callBack', 'no payload', undefined],
    ['confirmDial', 'no accept', { requestId: 'abc' }],
    ['getStatus', 'a payload where none is expected', { x: 1 }],
    ['saveSettings', 'an unknown section', { shell: { command: 'rm -rf /' } }],
    ['saveSettings', 'rules that are not objects', { rules: ['x'] }],
    ['saveSettings', 'an array', [1, 2]],
    ['previewRule', 'no direction', { rule: { name: 'x' }, sampleNumber: '0712' }],
    [
      'previewRule',
      'a rule that is a string',
      { rule: 'x', sampleNumber: '0712', direction: 'inbound' },
    ],
    ['openWindow', 'an unknown window', { window: 'https://evil.example.com' }],
    ['setLanguage', 'an unknown language', { language: 'de' }],
    ['listHistory', 'a huge limit', { limit: 1e9 }],
    ['setRestPassword', 'a non-string password', { password: 42 }],
  ])('%s refuses %s', async (name, _label, payload) => {
    registerAllHandlers(createIpcHandlers(services, uiPorts()), guardOptions());
    const answer = (await ipcMain.invokeFrom(
      OWN,
      INVOKE_CHANNELS[name as keyof typeof INVOKE_CHANNELS],
      payload,
    )) as Failure;
    expect(answer.ok).toBe(false);
    expect(answer.code).toBe('bad-request');
    expect(answer.error).toBe('The request was not understood.');
    expect(services.dialled).toEqual([]);
    expect(services.poppedAgain).toEqual([]);
  });

  it('has a validator for every channel', () => {
    expect(Object.keys(requestValidators).sort()).toEqual([...INVOKE_NAMES].sort());
  });

  it('turns a throwing handler into a plain failure and logs the details', async () => {
    const handler = guardInvoke(
      'getStatus',
      async () => {
        throw new Error('boom at line 12');
      },
      guardOptions(),
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
    services.history = [historyEntry({ id: 'call-12' })];
    const handlers = createIpcHandlers(services, uiPorts());
    const answer = await runValidated(
      'reopenCall',
      handlers.reopenCall,
      { callId: 'call-12' },
      guardOptions(),
    );
    expect(answer).toEqual({ ok: true, outcomes: [] });
    expect(services.poppedAgain).toEqual(['call-12']);
  });
});

describe('handlers', () => {
  it('never sends the password back: only whether one is stored', async () => {
    const handlers = createIpcHandlers(services, uiPorts());
    const saved = await handlers.setRestPassword({ password: 's3cret-pass' });
    expect(saved).toMatchObject({ ok: true, settings: { restPasswordStored: true } });
    expect(JSON.stringify(saved)).not.toContain('s3cret-pass');
    expect(JSON.stringify(await handlers.getSettings())).not.toContain('s3cret-pass');
  });

  it('refuses to store a password when secure storage is unavailable, and says why', async () => {
    const reason = 'No system keyring was found.';
    const handlers = createIpcHandlers(
      services,
      uiPorts({ secureStorage: () => ({ available: false, reason }) }),
    );
    const answer = await handlers.setRestPassword({ password: 'x' });
    expect(answer).toMatchObject({ ok: false, code: 'invalid', error: reason });
    expect(services.password).toBeUndefined();
  });

  it('explains invalid settings field by field and saves nothing', async () => {
    services.lockedKeys = ['accolades.url'];
    const handlers = createIpcHandlers(services, uiPorts());
    const answer = await handlers.saveSettings({ accolades: { url: 'wss://x' } });
    expect(answer).toMatchObject({
      ok: false,
      code: 'invalid',
      errors: [{ path: 'accolades', message: 'Locked by your administrator.' }],
    });
    expect(services.config.accolades.url).not.toBe('wss://x');
  });

  it('switches language through the settings and reports the effective language', async () => {
    const changed = vi.fn();
    const handlers = createIpcHandlers(services, uiPorts({ languageChanged: changed }));
    expect(await handlers.getLocale()).toEqual({ ok: true, language: 'ro', setting: 'auto' });
    expect(await handlers.setLanguage({ language: 'en' })).toEqual({
      ok: true,
      language: 'en',
      setting: 'en',
    });
    expect(changed).toHaveBeenCalledWith('en', 'en');
  });

  it('exports the CSV where the user chose and returns only the file name', async () => {
    const written: Array<[string, string]> = [];
    const handlers = createIpcHandlers(
      services,
      uiPorts({
        chooseCsvPath: async () => '/home/agent/Documents/calls.csv',
        writeTextFile: async (path, text) => void written.push([path, text]),
      }),
    );
    expect(await handlers.exportHistoryCsv()).toEqual({
      ok: true,
      fileName: 'calls.csv',
      count: 0,
    });
    expect(written).toEqual([['/home/agent/Documents/calls.csv', 'time,direction,number\n']]);
    const cancelled = createIpcHandlers(services, uiPorts());
    expect(await cancelled.exportHistoryCsv()).toEqual({ ok: true, cancelled: true });
  });
});
