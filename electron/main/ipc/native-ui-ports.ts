// The native half of what the IPC handlers need: Electron's dialogs, the OS locale and the
// secure-storage status. Built once by the composition root; tests pass their own
// IpcUiPorts instead.
import { app, dialog, type MessageBoxOptions } from 'electron';
import type { DialRequestBroker } from '../../app/dial-requests.js';
import type { Translate } from '../../shared/i18n/index.js';
import type { SafeStorageSecretStore } from '../store/safe-storage-secrets.js';
import { writeCsvFile, type IpcUiPorts } from './handlers.js';

export interface NativeUiDependencies {
  translate: () => Translate;
  secrets: Pick<SafeStorageSecretStore, 'unavailableReason'>;
  dialRequests: DialRequestBroker;
}

export function createNativeUiPorts(deps: NativeUiDependencies): IpcUiPorts {
  const text = (key: Parameters<Translate>[0]) => deps.translate()(key);
  const jsonFilter = () => [{ name: text('settingsFile.filterName'), extensions: ['json'] }];
  return {
    translate: deps.translate,
    osLocale: () => app.getLocale(),
    secureStorage: () => {
      const reason = deps.secrets.unavailableReason();
      return reason ? { available: false, reason } : { available: true };
    },
    dialRequests: deps.dialRequests,
    chooseCsvPath: async (defaultName: string) => {
      const chosen = await dialog.showSaveDialog({
        title: text('export.title'),
        defaultPath: defaultName,
      });
      return chosen.canceled ? undefined : chosen.filePath;
    },
    writeCsvFile,
    showMessageBox: (options: MessageBoxOptions) => dialog.showMessageBox(options),
    chooseSettingsSavePath: async (defaultName: string) => {
      const chosen = await dialog.showSaveDialog({
        title: text('settingsFile.exportTitle'),
        defaultPath: defaultName,
        filters: jsonFilter(),
      });
      return chosen.canceled ? undefined : chosen.filePath;
    },
    chooseSettingsOpenPath: async () => {
      const chosen = await dialog.showOpenDialog({
        title: text('settingsFile.importTitle'),
        properties: ['openFile'],
        filters: jsonFilter(),
      });
      return chosen.canceled ? undefined : chosen.filePaths[0];
    },
  };
}
