// Settings export/import for the app, on top of the core's exportSettings/importSettings. The
// export is the agent's own layer (what they changed, not the defaults or the policy), so it
// can be imported on another computer or grown into a policy file. Secrets live in the secret
// store, not in the settings; the core's export also cuts a password out of the proxy address.
import {
  exportSettings as exportSettingsText,
  importSettings as importSettingsText,
} from '../core/config/export-import.js';
import type { ConfigLayer } from '../core/config/parse-layer.js';
import type { SettingsPatch } from '../shared/ipc-contract.js';

/**
 * The user's settings layer as export JSON (the core cuts proxy credentials out, and the CRM
 * ID unless `includeCrmId`).
 */
export function exportUserSettings(
  layer: ConfigLayer,
  options: { includeCrmId?: boolean } = {},
): string {
  return exportSettingsText(withoutPairedBrowsers(layer), options);
}

/**
 * Paired browsers belong to this computer's browser profiles and let those extensions in, so
 * they are neither exported nor taken from an imported file (pairing is the only way in).
 */
function withoutPairedBrowsers(layer: ConfigLayer): ConfigLayer {
  const section = layer.browserTab as Record<string, unknown> | undefined;
  if (section === undefined || !('pairedExtensions' in section)) return layer;
  const { pairedExtensions: _paired, ...others } = section;
  const { browserTab: _browserTab, ...rest } = layer;
  return Object.keys(others).length === 0 ? rest : { ...rest, browserTab: others };
}

/**
 * Parses exported text (migrating older versions) into a settings patch; throws ConfigError
 * naming `source` and the field. Keys the policy locks are left out and listed.
 */
export function importAsPatch(
  text: string,
  source: string,
  locked: Iterable<string>,
): { patch: SettingsPatch; skippedLocked: string[] } {
  const { settings, skippedLocked } = importSettingsText(text, source, locked);
  // The version belongs to the file format; the saved layer gets the current one anyway.
  const { version: _version, ...patch } = withoutPairedBrowsers(settings);
  return { patch: patch as SettingsPatch, skippedLocked };
}
