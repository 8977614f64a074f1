// Settings export/import as JSON text. The schema holds no secrets (the REST password lives in
// the secret store), so an export is safe to mail to a colleague; an import is fully validated.
import { CONFIG_VERSION } from './schema.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-layer.js';
import type { ConfigLayer } from './parse-layer.js';
import { touchesLocked } from './layers.js';
import { leaves } from './key-paths.js';

/** The user's settings as pretty JSON text with the current version. */
export function exportSettings(settings: ConfigLayer): string {
  const { version: _version, ...rest } = settings;
  return `${JSON.stringify({ version: CONFIG_VERSION, ...rest }, null, 2)}\n`;
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
