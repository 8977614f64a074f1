// The extension's settings for its pages: each value from storage.managed (the admin's browser
// policy; managed-schema.json) first, then storage.local (pairing), then the contract's default.
// The options page also needs to know WHICH values the admin set, to show them read-only.
// Values of the wrong type are ignored (a policy typo must not break the link).

export interface CompanionSettings {
  bridgePort: number;
  token: string;
  focusTab: boolean;
  newTab: 'background' | 'foreground';
  tabPatterns: string[];
}

export type SettingKey = keyof CompanionSettings;

/** The connector's default bridge.port (electron/core/config/schema.ts DEFAULT_BRIDGE_PORT). */
export const DEFAULT_BRIDGE_PORT = 14330;

export const DEFAULT_SETTINGS: Readonly<CompanionSettings> = {
  bridgePort: DEFAULT_BRIDGE_PORT,
  token: '',
  focusTab: false,
  newTab: 'background',
  tabPatterns: [],
};

export interface LoadedSettings {
  values: CompanionSettings;
  /** Keys whose value came from storage.managed: shown as "set by your administrator". */
  managed: SettingKey[];
}

/** The part of chrome.storage this file uses (a browser's, or a test's in-memory one). */
export interface StorageAreas {
  managed: { get(keys: null): Promise<Record<string, unknown>> };
  local: {
    get(keys: null): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
}

const CHECKS: { [K in SettingKey]: (value: unknown) => value is CompanionSettings[K] } = {
  bridgePort: (v): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1024 && v <= 65535,
  token: (v): v is string => typeof v === 'string' && v.length <= 500,
  focusTab: (v): v is boolean => typeof v === 'boolean',
  newTab: (v): v is 'background' | 'foreground' => v === 'background' || v === 'foreground',
  tabPatterns: (v): v is string[] =>
    Array.isArray(v) && v.length <= 20 && v.every((p) => typeof p === 'string' && p.length <= 200),
};

const KEYS = Object.keys(CHECKS) as SettingKey[];

function pick<K extends SettingKey>(
  key: K,
  managed: Record<string, unknown>,
  local: Record<string, unknown>,
): { value: CompanionSettings[K]; fromAdmin: boolean } {
  if (CHECKS[key](managed[key])) return { value: managed[key], fromAdmin: true };
  if (CHECKS[key](local[key])) return { value: local[key], fromAdmin: false };
  return { value: DEFAULT_SETTINGS[key], fromAdmin: false };
}

/** Pure: the effective settings from the two areas' contents. */
export function mergeSettings(
  managed: Record<string, unknown>,
  local: Record<string, unknown>,
): LoadedSettings {
  const values = { ...DEFAULT_SETTINGS } as CompanionSettings;
  const fromAdmin: SettingKey[] = [];
  for (const key of KEYS) {
    const { value, fromAdmin: admin } = pick(key, managed, local);
    (values as unknown as Record<string, unknown>)[key] = value;
    if (admin) fromAdmin.push(key);
  }
  return { values, managed: fromAdmin };
}

/** The browser's chrome.storage, read through globalThis so Node tests can import this file. */
function browserStorage(): StorageAreas {
  return (globalThis as unknown as { chrome: { storage: StorageAreas } }).chrome.storage;
}

export async function loadSettings(
  storage: StorageAreas = browserStorage(),
): Promise<LoadedSettings> {
  // storage.managed rejects when no policy applies (Firefox without policies.json): none set.
  const managed = await storage.managed.get(null).catch(() => ({}));
  const local = await storage.local.get(null).catch(() => ({}));
  return mergeSettings(managed, local);
}

/**
 * Saves what the agent (or pairing) set in storage.local. Keys the admin manages are left out:
 * the managed value wins anyway, and a local copy would resurface if the policy were removed.
 */
export async function saveLocalSettings(
  patch: Partial<CompanionSettings>,
  storage: StorageAreas = browserStorage(),
): Promise<SettingKey[]> {
  const { managed } = await loadSettings(storage);
  const items: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch) as Array<[SettingKey, unknown]>) {
    if (!managed.includes(key) && CHECKS[key](value)) items[key] = value;
  }
  await storage.local.set(items);
  return Object.keys(items) as SettingKey[];
}
