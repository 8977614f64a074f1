// The settings the service worker needs, each read from storage.managed (the admin's browser
// policy) first and storage.local (pairing, or a developer) second, with the protocol's
// defaults (settings-values.ts). The managed schema is managed-schema.json.
import { settingsFrom, type LinkSettings } from './settings-values.js';

export { SETTING_KEYS, type LinkSettings } from './settings-values.js';

export async function readLinkSettings(): Promise<LinkSettings> {
  // storage.managed throws (or is absent) when no policy applies, e.g. Firefox without one.
  const managed = await chrome.storage.managed.get(null).catch(() => ({}));
  const local = await chrome.storage.local.get(null).catch(() => ({}));
  return settingsFrom(managed as Record<string, unknown>, local as Record<string, unknown>);
}
