// The "Settings file" panel: Export and Import buttons. The page only asks; the main process
// shows the save/open dialog, writes or reads the file and answers with the file's name and
// what happened. An export leaves the CRM ID out unless the box is ticked (an export is made to
// be mailed). An import that changes programs or where secrets and calls go is asked about in
// main's own message box; the page then shows, in plain words, what was approved or what the
// file would have changed. Everything shown is plain text (textContent), file names included.
import type { SettingsView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { byId, h, showMessage } from '../common/dom.js';
import { t } from '../common/i18n.js';

export function wireSettingsFile(onImported: (settings: SettingsView) => void): void {
  const exportButton = byId<HTMLButtonElement>('settings-export');
  const importButton = byId<HTMLButtonElement>('settings-import');
  const includeCrmId = byId<HTMLInputElement>('export-include-crm-id');
  const message = byId('transfer-message');
  const skipped = byId('transfer-skipped');
  const changes = byId('transfer-changes');
  const changesIntro = byId('transfer-changes-intro');
  const changesList = byId('transfer-changes-list');

  const showChanges = (intro: string, lines: string[]) => {
    changesIntro.textContent = intro;
    changesList.replaceChildren(...lines.map((line) => h('li', { text: line })));
    changes.hidden = false;
  };

  /** One dialog at a time: both buttons wait while either runs. */
  const busy = async (work: () => Promise<void>) => {
    exportButton.disabled = true;
    importButton.disabled = true;
    showMessage(message, 'none');
    skipped.hidden = true;
    skipped.textContent = '';
    changes.hidden = true;
    changesList.replaceChildren();
    try {
      await work();
    } finally {
      exportButton.disabled = false;
      importButton.disabled = false;
    }
  };

  exportButton.addEventListener('click', () => {
    void busy(async () => {
      const withCrmId = includeCrmId.checked;
      const result = await connector().exportSettings({ includeCrmId: withCrmId });
      if (!result.ok) return showMessage(message, 'error', result.error);
      if ('cancelled' in result) return;
      const key = withCrmId ? 'settings.transfer.exportedWithCrmId' : 'settings.transfer.exported';
      showMessage(message, 'ok', t(key, { file: result.fileName }));
    });
  });

  importButton.addEventListener('click', () => {
    void busy(async () => {
      const result = await connector().importSettings();
      if (!result.ok) return showMessage(message, 'error', result.error);
      if ('cancelled' in result) return;
      if ('declined' in result) {
        showMessage(message, 'warn', t('settings.transfer.declined', { file: result.fileName }));
        showChanges(t('settings.transfer.wouldChange'), result.securityChanges);
        return;
      }
      onImported(result.settings);
      showMessage(message, 'ok', t('settings.transfer.imported', { file: result.fileName }));
      showChanges(
        result.securityChanges.length > 0
          ? t('settings.transfer.approved')
          : t('settings.transfer.noRiskyChanges'),
        result.securityChanges,
      );
      if (result.skippedLocked.length > 0) {
        skipped.textContent = t('settings.transfer.skipped', {
          keys: result.skippedLocked.join(', '),
        });
        skipped.hidden = false;
      }
    });
  });
}
