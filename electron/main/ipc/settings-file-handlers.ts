// The settings window's Export / Import buttons. The page sends no path and no content: main
// shows the native save/open dialog, writes or reads the file, and answers with the file's
// name and what happened, in plain words. An export leaves the CRM ID out unless the page asks
// for it. An import is validated like any save (rule templates included); when it changes which
// programs run or where secrets and calls go, main's own message box lists that and applies
// only on a yes (see import-confirmation.ts).
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FieldError, SettingsView } from '../../shared/ipc-contract.js';
import type { Translate } from '../../shared/i18n/index.js';
import { confirmImport, securityChangeLines } from '../import-confirmation.js';
import type { ShowMessageBox } from '../rule-test-confirmation.js';
import type { ConnectorServices, SettingsSnapshot } from '../../app/services.js';
import type { InvokeHandlers } from './invoke-guard.js';

/** A settings export is a few KB; anything this big is the wrong file. */
export const MAX_SETTINGS_FILE_BYTES = 1_000_000;

/** Dialog and file ports for settings export/import (the composition root gives Electron's). */
export interface SettingsFilePorts {
  /** Asks where to save the export; undefined when the user cancels. */
  chooseSettingsSavePath?(defaultName: string): Promise<string | undefined>;
  /** Asks which settings file to import; undefined when the user cancels. */
  chooseSettingsOpenPath?(): Promise<string | undefined>;
  /** Defaults to writeSettingsFile / readSettingsFile below. */
  writeSettingsFile?(path: string, text: string): Promise<void>;
  readSettingsFile?(path: string): Promise<string>;
}

interface Needs extends SettingsFilePorts {
  translate(): Translate;
  showMessageBox: ShowMessageBox;
}

type SettingsFileHandlers = Pick<InvokeHandlers, 'exportSettings' | 'importSettings'>;

export function createSettingsFileHandlers(
  services: Pick<ConnectorServices, 'exportSettings' | 'importSettings'>,
  ui: Needs,
  toView: (snapshot: SettingsSnapshot) => SettingsView,
): SettingsFileHandlers {
  const unavailable = () =>
    ({ ok: false, code: 'internal', error: ui.translate()('settingsFile.unavailable') }) as const;

  return {
    exportSettings: async (request) => {
      if (!ui.chooseSettingsSavePath) return unavailable();
      const t = ui.translate();
      const path = await ui.chooseSettingsSavePath(t('settingsFile.defaultName'));
      if (path === undefined) return { ok: true, cancelled: true };
      const text = await services.exportSettings({ includeCrmId: request?.includeCrmId === true });
      try {
        await (ui.writeSettingsFile ?? writeSettingsFile)(path, text);
      } catch (error) {
        return {
          ok: false,
          code: 'internal',
          error: t('settingsFile.writeFailed', { file: basename(path), reason: reason(error) }),
        };
      }
      // Only the file name goes back: the page has no use for our file system layout.
      return { ok: true, fileName: basename(path) };
    },

    importSettings: async () => {
      if (!ui.chooseSettingsOpenPath) return unavailable();
      const t = ui.translate();
      const path = await ui.chooseSettingsOpenPath();
      if (path === undefined) return { ok: true, cancelled: true };
      const fileName = basename(path);
      let text: string;
      try {
        text = await (ui.readSettingsFile ?? readSettingsFile)(path);
      } catch (error) {
        const tooLarge = error instanceof SettingsFileTooLarge;
        return {
          ok: false,
          code: 'invalid',
          error: tooLarge
            ? t('settingsFile.tooLarge', { file: fileName })
            : t('settingsFile.readFailed', { file: fileName, reason: reason(error) }),
        };
      }
      const imported = await services.importSettings(text, fileName, (changes) =>
        confirmImport(ui.showMessageBox, t, fileName, changes),
      );
      if (!imported.ok) {
        return {
          ok: false,
          code: 'invalid',
          error: t('settingsFile.invalid', { file: fileName, details: describe(imported.errors) }),
          errors: imported.errors,
        };
      }
      const securityChanges = securityChangeLines(imported.securityChanges, t);
      if ('declined' in imported) return { ok: true, fileName, declined: true, securityChanges };
      return {
        ok: true,
        fileName,
        settings: toView(imported.snapshot),
        skippedLocked: imported.skippedLocked,
        securityChanges,
      };
    },
  };
}

/** "rules.0.open: only https: links … ; phone.defaultCountry: …" — one line, every problem. */
function describe(errors: FieldError[]): string {
  return errors
    .map((error) => (error.path ? `${error.path}: ${error.message}` : error.message))
    .join('; ');
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}

class SettingsFileTooLarge extends Error {}

/** Reads a settings file as UTF-8 (a leading BOM is dropped), refusing anything huge. */
async function readSettingsFile(path: string): Promise<string> {
  const info = await stat(path);
  if (info.size > MAX_SETTINGS_FILE_BYTES) throw new SettingsFileTooLarge(path);
  const text = await readFile(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Writes the export as plain UTF-8 JSON, readable only by the user (it names their CRM ID). */
async function writeSettingsFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { encoding: 'utf8', mode: 0o600 });
}
