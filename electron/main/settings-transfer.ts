// Settings export/import for the app, on top of the core's exportSettings/importSettings. The
// export is the agent's own layer (what they changed, not the defaults or the policy), so it
// can be imported on another computer or grown into a policy file. Secrets live in the secret
// store, not in the settings; the one place a user could still type one — a password in the
// proxy address — is cut out here, so an export is always safe to mail.
import {
  exportSettings as exportSettingsText,
  importSettings as importSettingsText,
} from '../core/config/export-import.js';
import type { ConfigLayer } from '../core/config/parse-layer.js';
import type { SettingsPatch } from '../shared/ipc-contract.js';

/** The user's settings layer as export JSON, with any proxy credentials removed. */
export function exportUserSettings(layer: ConfigLayer): string {
  const accolades = layer.accolades as Record<string, unknown> | undefined;
  const proxy = accolades?.proxy;
  if (typeof proxy !== 'string' || !hasCredentials(proxy)) return exportSettingsText(layer);
  return exportSettingsText({
    ...layer,
    accolades: { ...accolades, proxy: withoutCredentials(proxy) },
  });
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
  const { version: _version, ...patch } = settings;
  return { patch: patch as SettingsPatch, skippedLocked };
}

function hasCredentials(address: string): boolean {
  try {
    const url = new URL(address);
    return url.username !== '' || url.password !== '';
  } catch {
    // Not a URL at all: the schema would have said so on save; nothing to cut out.
    return false;
  }
}

function withoutCredentials(address: string): string {
  const url = new URL(address);
  url.username = '';
  url.password = '';
  return url.toString();
}
