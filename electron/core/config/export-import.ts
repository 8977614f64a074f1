// Settings export/import as JSON text. The schema holds no secrets (the REST password lives in
// the secret store) and the CRM ID is left out unless asked for, so an export is safe to mail
// to a colleague; an import is fully validated (and its security-relevant changes are listed
// by security-changes.ts for the caller to confirm).
import { CONFIG_VERSION } from './schema.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-layer.js';
import type { ConfigLayer } from './parse-layer.js';
import { touchesLocked } from './layers.js';
import { leaves } from './key-paths.js';

export interface ExportOptions {
  /**
   * Keep `accolades.crmId` (a copy for the agent's own other computer). Off by default: an
   * export is made to be mailed, and the CRM ID names the agent to the Accolades server.
   */
  includeCrmId?: boolean;
}

/** The user's settings as pretty JSON text with the current version. */
export function exportSettings(settings: ConfigLayer, options: ExportOptions = {}): string {
  let layer = withoutProxyCredentials(settings);
  if (!options.includeCrmId) layer = withoutCrmId(layer);
  const { version: _version, ...rest } = layer;
  return `${JSON.stringify({ version: CONFIG_VERSION, ...rest }, null, 2)}\n`;
}

/** The layer without `accolades.crmId` (and without `accolades` when nothing else is left). */
function withoutCrmId(settings: ConfigLayer): ConfigLayer {
  const accolades = settings.accolades as Record<string, unknown> | undefined;
  if (accolades === undefined || !('crmId' in accolades)) return settings;
  const { crmId: _crmId, ...others } = accolades;
  const { accolades: _accolades, ...rest } = settings;
  return Object.keys(others).length === 0 ? rest : { ...rest, accolades: others };
}

/**
 * Secrets live in the secret store, never in settings; the one place a person could still
 * type one is a password in the proxy address. An export is mailed around, so it is cut out.
 */
function withoutProxyCredentials(settings: ConfigLayer): ConfigLayer {
  const accolades = settings.accolades as Record<string, unknown> | undefined;
  const proxy = accolades?.proxy;
  if (typeof proxy !== 'string') return settings;
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    return settings; // Not a URL: the schema reports it; nothing to cut out.
  }
  if (url.username === '' && url.password === '') return settings;
  url.username = '';
  url.password = '';
  return { ...settings, accolades: { ...accolades, proxy: url.toString() } };
}

export interface ImportedSettings {
  settings: ConfigLayer;
  /** Keys in the file that the policy locks; they were left out. */
  skippedLocked: string[];
}

/**
 * Validates exported text (migrating older versions) and returns the new user settings.
 * Throws ConfigError naming `name` and the field; keys the policy locks are dropped and listed.
 */
export function importSettings(
  text: string,
  name: string,
  locked: Iterable<string> = [],
): ImportedSettings {
  const layer = parseConfigText(text, name);
  const lockedList = [...locked];
  const skippedLocked: string[] = [];
  let settings: ConfigLayer = {};
  for (const [path, value] of leaves(layer)) {
    if (touchesLocked(path, lockedList)) {
      skippedLocked.push(path);
      continue;
    }
    settings = setDeep(settings, path.split('.'), value);
  }
  return { settings, skippedLocked };
}

function setDeep(
  target: Record<string, unknown>,
  parts: string[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = parts;
  if (head === undefined)
    throw new ConfigError([{ file: 'import', path: '', message: 'empty key' }]);
  const child = (target[head] as Record<string, unknown> | undefined) ?? {};
  return { ...target, [head]: rest.length === 0 ? value : setDeep(child, rest, value) };
}
