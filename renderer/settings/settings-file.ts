// The "Settings file" panel: Export and Import buttons. The page only asks; the main process
// shows the save/open dialog, writes or reads the file and answers with the file's name and
// what happened. Everything shown is plain text (textContent), file names included.
import type { SettingsView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { byId, showMessage } from '../common/dom.js';
import { t } from '../common/i18n.js';

export function wireSettingsFile(onImported: (settings: SettingsView) => void): void {
  const exportButton = byId<HTMLButtonElement>('settings-export');
  const importButton = byId<HTMLButtonElement>('settings-import');
  const message = byId('transfer-message');
  const skipped = byId('transfer-skipped');

  /** One dialog at a time: both buttons wait while either runs. */
  const busy = async (work: () => Promise<void>) => {
    exportButton.disabled = true;
    importButton.disabled = true;
    showMessage(message, 'none');
    skipped.hidden = true;
    skipped.textContent = '';
    try {
      await work();
    } finally {
      exportButton.disabled = false;
      importButton.disabled = false;
    }
  };

  exportButton.addEventListener('click', () => {
    void busy(async () => {
      const result = await connector().exportSettings();
      if (!result.ok) return showMessage(message, 'error', result.error);
      if ('cancelled' in result) return;
      showMessage(message, 'ok', t('settings.transfer.exported', { file: result.fileName }));
    });
  });

  importButton.addEventListener('click', () => {
    void busy(async () => {
      const result = await connector().importSettings();
      if (!result.ok) return showMessage(message, 'error', result.error);
      if ('cancelled' in result) return;
      onImported(result.settings);
      showMessage(message, 'ok', t('settings.transfer.imported', { file: result.fileName }));
      if (result.skippedLocked.length > 0) {
        skipped.textContent = t('settings.transfer.skipped', {
          keys: result.skippedLocked.join(', '),
        });
        skipped.hidden = false;
      }
    });
  });
}
