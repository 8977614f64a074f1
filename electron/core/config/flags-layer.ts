// Command-line overrides as `key.path=value` pairs (`--set rest.account=123456`), turned into a
// partial config layer. Values are read as JSON when they parse (numbers, booleans, lists),
// otherwise taken as text, so `--set accolades.crmId=0123` needs no quoting gymnastics.
import { ConfigError, type ConfigIssue } from './config-error.js';
import { configKeyPaths, setPath } from './key-paths.js';
import type { ConfigLayer } from './parse-layer.js';

export const FLAGS_LAYER_NAME = 'command-line flags';

export function layerFromAssignments(assignments: readonly string[]): ConfigLayer {
  const known = new Set(configKeyPaths());
  const issues: ConfigIssue[] = [];
  let layer: ConfigLayer = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    const key = eq < 0 ? assignment : assignment.slice(0, eq).trim();
    if (eq < 0) {
      issues.push({
        file: FLAGS_LAYER_NAME,
        path: key,
        message: 'write it as key=value, e.g. rest.account=123456',
      });
      continue;
    }
    if (!known.has(key)) {
      issues.push({
        file: FLAGS_LAYER_NAME,
        path: key,
        message: 'unknown setting (misspelt, or not allowed here)',
      });
      continue;
    }
    layer = setPath(layer, key, readValue(key, assignment.slice(eq + 1)));
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return layer;
}

// Identifiers that look like numbers (crmId, account, deviceId) stay text: "0123" must not become 123.
const TEXT_KEYS =
  /(^|\.)(crmId|account|deviceId|url|baseUrl|caFile|proxy|passwordFile|defaultCountry|browser|dialShortcut|language)$/;

function readValue(key: string, text: string): unknown {
  if (TEXT_KEYS.test(key)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
