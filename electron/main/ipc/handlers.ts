// The IPC handlers as plain functions of the connector services (and a few UI ports), so the
// same code answers the real preload and the renderer tests' loopback bridge. Requests arrive
// already validated (invoke-guard.ts); answers are plain data, never secrets.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type {
  LanguageCode,
  LanguageSetting,
  Result,
  SecureStorageView,
  SettingsView,
} from '../../shared/ipc-contract.js';
import { resolveLanguage, type Translate } from '../../shared/i18n/index.js';
import type { DialRequestBroker } from '../../app/dial-requests.js';
import type { ConnectorServices, SettingsSnapshot } from '../../app/services.js';
import { confirmProgramStart, type ShowMessageBox } from '../rule-test-confirmation.js';
import { buildStatusView } from '../../app/status-view.js';
import { expandPresetForEditor, presetViews } from '../../app/preset-views.js';
import type { InvokeHandlers } from './invoke-guard.js';
import { createSettingsFileHandlers, type SettingsFilePorts } from './settings-file-handlers.js';
import { createBrowserTabHandlers } from './browser-tab-handlers.js';

/** What the handlers need beyond the core: windows, dialogs, language, secret storage status. */
export interface IpcUiPorts extends SettingsFilePorts {
  translate(): Translate;
  /** The OS locale (Electron `app.getLocale()`), for the `auto` language setting. */
  osLocale(): string;
  secureStorage(): SecureStorageView;
  dialRequests: Pick<DialRequestBroker, 'list' | 'settle'>;
  /** Asks where to save; undefined when the user cancels. */
  chooseCsvPath(defaultName: string): Promise<string | undefined>;
  /** Writes the CSV export to `path` from chunks, in order. */
  writeCsvFile(path: string, chunks: AsyncIterable<string>): Promise<void>;
  /**
   * Electron's dialog.showMessageBox (the shared fake in tests): the questions main asks before
   * a side effect the page cannot be trusted to have confirmed (Test starting a program).
   */
  showMessageBox: ShowMessageBox;
}

export function toSettingsView(
  snapshot: SettingsSnapshot,
  secureStorage: SecureStorageView,
): SettingsView {
  const view: SettingsView = {
    config: snapshot.config,
    lockedKeys: snapshot.lockedKeys,
    restPasswordStored: snapshot.restPasswordStored,
    secureStorage,
  };
  if (snapshot.policyNote !== undefined) view.policyNote = snapshot.policyNote;
  if (snapshot.adminDefaults !== undefined) view.adminDefaults = snapshot.adminDefaults;
  if (snapshot.adminDefaultsInEffect !== undefined)
    view.adminDefaultsInEffect = snapshot.adminDefaultsInEffect;
  if (snapshot.bridgeTokenStored !== undefined) view.bridgeTokenStored = snapshot.bridgeTokenStored;
  if (snapshot.lookupApiKeyStored !== undefined)
    view.lookupApiKeyStored = snapshot.lookupApiKeyStored;
  return view;
}

export function currentLanguage(
  services: Pick<ConnectorServices, 'getConfig'>,
  ui: Pick<IpcUiPorts, 'osLocale'>,
): { language: LanguageCode; setting: LanguageSetting } {
  const setting = services.getConfig().ui.language;
  return { language: resolveLanguage(setting, ui.osLocale()), setting };
}

export function createIpcHandlers(services: ConnectorServices, ui: IpcUiPorts): InvokeHandlers {
  const settingsView = async (): Promise<SettingsView> =>
    toSettingsView(await services.getSettings(), ui.secureStorage());

  /** Write-only secrets: refused before the core sees them when nothing can keep them safe. */
  const storeSecret = async (
    value: string,
    path: string,
    store: (value: string) => Promise<Result>,
  ): Promise<Result<{ settings: SettingsView }>> => {
    const storage = ui.secureStorage();
    if (value !== '' && !storage.available) {
      const message = storage.reason ?? ui.translate()('secrets.unavailable');
      return { ok: false, code: 'invalid', error: message, errors: [{ path, message }] };
    }
    const result = await store(value);
    if (!result.ok) return result;
    return { ok: true, settings: await settingsView() };
  };

  return {
    getStatus: async () => ({ ok: true, status: buildStatusView(services, ui.translate()) }),

    getSettings: async () => ({ ok: true, settings: await settingsView() }),
    saveSettings: async (patch) => {
      const result = await services.saveSettings(patch);
      if (!result.ok) {
        const n = result.errors.length;
        return {
          ok: false,
          code: 'invalid',
          error:
            n === 1
              ? result.errors[0]!.message
              : ui.translate()('error.settingsInvalid', { count: n }),
          errors: result.errors,
        };
      }
      return { ok: true, settings: toSettingsView(result.snapshot, ui.secureStorage()) };
    },
    setRestPassword: ({ password }) =>
      storeSecret(password, 'rest.password', (value) => services.setRestPassword(value)),
    setBridgeToken: ({ token }) =>
      storeSecret(token, 'bridge.token', (value) => services.setBridgeToken(value)),
    setLookupApiKey: ({ apiKey }) =>
      storeSecret(apiKey, 'lookup.apiKey', (value) => services.setLookupApiKey(value)),
    testCredentials: () => services.testCredentials(),
    ...createSettingsFileHandlers(services, ui, (snapshot) =>
      toSettingsView(snapshot, ui.secureStorage()),
    ),

    listPresets: async () => ({ ok: true, presets: presetViews() }),
    expandPreset: async ({ id, inputs }) => expandPresetForEditor(id, inputs),

    ...createBrowserTabHandlers(services),

    previewRule: (request) => services.previewRule(request),
    testRule: (request) =>
      services.testRule(request, (run) =>
        confirmProgramStart(ui.showMessageBox, ui.translate(), run),
      ),

    normalizeNumber: async ({ text }) => services.normalizeNumber(text),
    dial: ({ number }) => services.dial(number),
    checkSms: async ({ text }) => ({ ok: true, ...services.checkSms(text) }),
    sendSms: ({ number, text }) => services.sendSms(number, text),

    listHistory: async (query) => ({ ok: true, ...(await services.listHistory(query)) }),
    reopenCall: ({ callId }) => services.popAgain(callId),
    callBack: ({ callId }) => services.callBack(callId),
    listContactChoices: ({ callId }) => services.contactChoices(callId),
    testLookup: ({ number }) => services.testLookup(number),
    openContactChoice: ({ callId, choice }) => services.openContact(callId, choice),
    exportHistoryCsv: async () => {
      const path = await ui.chooseCsvPath(ui.translate()('export.defaultName'));
      if (path === undefined) return { ok: true, cancelled: true };
      const { count } = await services.writeHistoryCsv((chunks) => ui.writeCsvFile(path, chunks));
      // Only the file name goes back: the page has no use for our file system layout.
      return { ok: true, fileName: basename(path), count };
    },

    listDialRequests: async () => ({ ok: true, requests: ui.dialRequests.list() }),
    confirmDial: ({ requestId, accept }) => ui.dialRequests.settle(requestId, accept),

    getLocale: async () => ({ ok: true, ...currentLanguage(services, ui) }),
  };
}

/**
 * Default file writer for the CSV export (UTF-8 with BOM so spreadsheet apps read ș and ț),
 * one chunk at a time: the export never holds the whole history.
 */
export async function writeCsvFile(path: string, chunks: AsyncIterable<string>): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile('\uFEFF', 'utf8');
    for await (const chunk of chunks) await file.writeFile(chunk, 'utf8');
  } finally {
    await file.close();
  }
}
