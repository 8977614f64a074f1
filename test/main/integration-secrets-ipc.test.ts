// The bridge token and the lookup API key over IPC, write-only like the REST password: through
// the real guard and handlers to the REAL CoreConnectorServices and its secret store. The page
// learns only "stored or not"; bad payloads, foreign pages and missing secure storage are refused.
vi.mock('electron', () => import('../fakes/electron.js'));

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import type { SecureStorageView, SettingsView } from '../../electron/shared/ipc-contract.js';
import { invokeChannel, type Failure } from '../../electron/shared/ipc-contract.js';
import { electronFake, ipcMain } from '../fakes/electron.js';
import { PAGE, registerTestHandlers } from '../fakes/ipc-test-setup.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

const OWN = PAGE.settings;
const TOKEN = 'bridge-token-7f3a9c';
const API_KEY = 'lookup-key-51d0e2';

let dir: string;
let secrets: MemorySecretStore;
let services: CoreConnectorServices;
let storage: SecureStorageView;

beforeEach(async () => {
  electronFake.reset();
  dir = await mkdtemp(join(tmpdir(), 'secrets-ipc-'));
  secrets = new MemorySecretStore();
  storage = { available: true };
  services = new CoreConnectorServices({
    userSettings: { location: 'settings.json (test)', load: () => ({}), save: () => {} },
    policyFile: undefined,
    secrets,
    logger: new MemoryLogger(),
    dataDirectory: dir,
  });
  registerTestHandlers(services, { secureStorage: () => storage });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const invoke = (channel: string, payload?: unknown, from: string | null = OWN) =>
  ipcMain.invokeFrom(from, channel, payload) as Promise<
    { ok: true; settings: SettingsView } | Failure
  >;

describe('write-only integration secrets over IPC', () => {
  it('stores the bridge token and the lookup API key; the page only learns that they are stored', async () => {
    const before = await invoke(invokeChannel('getSettings'));
    expect(before).toMatchObject({
      ok: true,
      settings: { bridgeTokenStored: false, lookupApiKeyStored: false },
    });

    const token = await invoke(invokeChannel('setBridgeToken'), { token: TOKEN });
    expect(token).toMatchObject({ ok: true, settings: { bridgeTokenStored: true } });
    const key = await invoke(invokeChannel('setLookupApiKey'), { apiKey: API_KEY });
    expect(key).toMatchObject({ ok: true, settings: { lookupApiKeyStored: true } });
    expect(await secrets.get('bridgeToken')).toBe(TOKEN);
    expect(await secrets.get('lookupApiKey')).toBe(API_KEY);

    const after = await invoke(invokeChannel('getSettings'));
    for (const answer of [token, key, after]) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(API_KEY);
    }

    // An empty value deletes.
    expect(await invoke(invokeChannel('setBridgeToken'), { token: '' })).toMatchObject({
      ok: true,
      settings: { bridgeTokenStored: false },
    });
    expect(await secrets.get('bridgeToken')).toBeUndefined();
    expect(await secrets.get('lookupApiKey')).toBe(API_KEY);
  });

  it('refuses to store when the system has no safe storage, and says why', async () => {
    storage = { available: false, reason: 'No keyring here.' };
    const answer = await invoke(invokeChannel('setLookupApiKey'), { apiKey: API_KEY });
    expect(answer).toMatchObject({
      ok: false,
      code: 'invalid',
      error: 'No keyring here.',
      errors: [{ path: 'lookup.apiKey', message: 'No keyring here.' }],
    });
    expect(await secrets.get('lookupApiKey')).toBeUndefined();
  });

  it.each([
    ['a number', invokeChannel('setBridgeToken'), { token: 5 }],
    ['an extra field', invokeChannel('setBridgeToken'), { token: 'x', url: 'https://evil' }],
    ['no payload', invokeChannel('setLookupApiKey'), undefined],
    ['a huge key', invokeChannel('setLookupApiKey'), { apiKey: 'k'.repeat(5000) }],
  ])('refuses %s without touching the store', async (_label, channel, payload) => {
    const answer = (await invoke(channel, payload)) as Failure;
    expect(answer).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await secrets.get('bridgeToken')).toBeUndefined();
    expect(await secrets.get('lookupApiKey')).toBeUndefined();
  });

  it('refuses a page that is not ours', async () => {
    const answer = (await invoke(
      invokeChannel('setBridgeToken'),
      { token: TOKEN },
      'https://evil.example.com/',
    )) as Failure;
    expect(answer.code).toBe('forbidden');
    expect(await secrets.get('bridgeToken')).toBeUndefined();
  });
});
