// The extension's settings as values: the first valid value of each key, managed (admin) before
// local, else the protocol's default. Pure, so Node tests it; link-settings.ts reads storage.

export interface LinkSettings {
  bridgePort: number;
  token: string;
  focusTab: boolean;
  /** Undefined: the connector's navigate message decides. */
  newTab: 'background' | 'foreground' | undefined;
  tabPatterns: string[];
}

/** The connector's default bridge.port. */
export const DEFAULT_BRIDGE_PORT = 14330;
export const SETTING_KEYS = ['bridgePort', 'token', 'focusTab', 'newTab', 'tabPatterns'] as const;

export function settingsFrom(
  managed: Record<string, unknown>,
  local: Record<string, unknown>,
): LinkSettings {
  const pick = <T>(key: string, valid: (value: unknown) => value is T): T | undefined => {
    if (valid(managed[key])) return managed[key];
    if (valid(local[key])) return local[key];
    return undefined;
  };
  const isPort = (v: unknown): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1024 && v <= 65535;
  const isString = (v: unknown): v is string => typeof v === 'string' && v.length <= 200;
  const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
  const isPlacement = (v: unknown): v is 'background' | 'foreground' =>
    v === 'background' || v === 'foreground';
  const isPatterns = (v: unknown): v is string[] =>
    Array.isArray(v) && v.length <= 50 && v.every((p) => typeof p === 'string');
  return {
    bridgePort: pick('bridgePort', isPort) ?? DEFAULT_BRIDGE_PORT,
    token: pick('token', isString) ?? '',
    focusTab: pick('focusTab', isBoolean) ?? false,
    newTab: pick('newTab', isPlacement),
    tabPatterns: pick('tabPatterns', isPatterns) ?? [],
  };
}
