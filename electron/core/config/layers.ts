// Layering: built-in defaults < the policy's `defaults` block (admin defaults, changeable) < user
// settings < admin policy < command-line flags, except that keys the policy locks keep the
// policy's (or the default) value whatever the user or a flag says.
// Arrays (the rules) replace; objects merge key by key. Every value remembers its layer, so
// the settings window can say "locked by your administrator" or "set on the command line".
//
// Checks beyond the schema (rule templates, the lookup URL) belong to the modules above this one;
// the composition passes them in as `checks` (see ../config-checks.ts), so config imports nothing
// from rules/ or lookup/.
import { configSchema, type ConnectorConfig } from './schema.js';
import { ConfigError, issuesFromZod, type ConfigIssue } from './config-error.js';
import { isLocked, isPlainObject, isUnder, leaves, setPath } from './key-paths.js';
import { parseConfigLayer, type ConfigLayer } from './parse-layer.js';

/** `policy-default`: the policy's `defaults` block, which the agent may override. */
export type ConfigSource = 'default' | 'policy-default' | 'user' | 'policy' | 'flags';

/** Lowest first: a higher layer's value replaces a lower one's (locks aside). */
const SOURCE_RANK: readonly ConfigSource[] = [
  'default',
  'policy-default',
  'user',
  'policy',
  'flags',
];

/**
 * A check of the merged configuration beyond its schema. `fileOf(path)` names the layer the
 * value at `path` came from, so a problem points at the file to fix.
 */
export type ConfigCheck = (
  config: ConnectorConfig,
  fileOf: (path: string) => string,
) => ConfigIssue[];

export interface NamedLayer {
  /** File path or a name such as "command-line flags"; used in error messages. */
  name: string;
  values: ConfigLayer;
}

export interface NamedPolicyLayer extends NamedLayer {
  locked: readonly string[];
  /** The policy's `defaults` block (changeable by the agent); none when absent. */
  defaults?: ConfigLayer;
}

export interface LayerInputs {
  user?: NamedLayer;
  policy?: NamedPolicyLayer;
  flags?: NamedLayer;
  /** The checks beyond the schema (the app and the CLI pass configChecks); default none. */
  checks?: readonly ConfigCheck[];
  /** false skips `checks` (default true). */
  runChecks?: boolean;
}

export interface IgnoredValue {
  path: string;
  source: 'user' | 'flags';
  /** Why it was not applied. */
  reason: string;
}

export interface ResolvedConfig {
  config: ConnectorConfig;
  /** Dotted key paths locked by the policy ("accolades.url", "rules"). */
  locked: ReadonlySet<string>;
  /** Leaf path ("accolades.url", "rules") → the layer its value came from. */
  sources: Readonly<Record<string, ConfigSource>>;
  /** User or flag values dropped because the policy locks them. */
  ignored: readonly IgnoredValue[];
  /** The layer names, for messages ("rules come from /etc/…/policy.json"). */
  layerNames: Readonly<Partial<Record<ConfigSource, string>>>;
  /**
   * Leaf paths the policy's `defaults` block gives a value for, whoever's value is in effect:
   * "reset" on such a key returns to the administrator's default, not the built-in one.
   */
  adminDefaultKeys: readonly string[];
}

/** Merges the layers and validates the result (schema + the injected checks). Throws ConfigError. */
export function resolveLayers(inputs: LayerInputs): ResolvedConfig {
  const locked = new Set(inputs.policy?.locked ?? []);
  const sources: Record<string, ConfigSource> = {};
  const ignored: IgnoredValue[] = [];
  const layerNames: Partial<Record<ConfigSource, string>> = { default: 'built-in defaults' };
  let merged: Record<string, unknown> = {};

  const adminDefaults = inputs.policy?.defaults;
  const ordered: Array<[ConfigSource, NamedLayer | undefined]> = [
    [
      'policy-default',
      adminDefaults && inputs.policy
        ? { name: inputs.policy.name, values: adminDefaults }
        : undefined,
    ],
    ['user', inputs.user],
    ['policy', inputs.policy],
    ['flags', inputs.flags],
  ];
  for (const [source, layer] of ordered) {
    if (!layer) continue;
    layerNames[source] = layer.name;
    for (const [path, value] of leaves(layer.values)) {
      // The admin's own defaults are never "ignored": a locked key simply keeps the top-level
      // policy value (applied later) or, without one, this default.
      if ((source === 'user' || source === 'flags') && isLocked(path, locked)) {
        ignored.push({
          path,
          source: source as 'user' | 'flags',
          reason: `${path} is locked by your administrator`,
        });
        continue;
      }
      merged = setPath(merged, path, value);
      // A new value for an object path replaces the attribution of everything under it.
      for (const known of Object.keys(sources)) if (isUnder(known, path)) delete sources[known];
      sources[path] = source;
    }
  }

  const parsed = configSchema.safeParse(merged, { reportInput: true });
  if (!parsed.success) throw new ConfigError(issuesFromZod('merged configuration', parsed.error));
  const config = parsed.data;
  for (const [path] of leaves(config as unknown as Record<string, unknown>)) {
    if (path !== 'version' && !(path in sources)) sources[path] = 'default';
  }

  if (inputs.runChecks !== false) {
    const fileOf = (path: string): string =>
      layerNames[sources[path] ?? 'default'] ?? 'configuration';
    const issues = (inputs.checks ?? []).flatMap((check) => check(config, fileOf));
    if (issues.length > 0) throw new ConfigError(issues);
  }

  const adminDefaultKeys = adminDefaults ? leaves(adminDefaults).map(([path]) => path) : [];
  return { config, locked, sources, ignored, layerNames, adminDefaultKeys };
}

/** Which layer a key's value came from; for an object key, the highest layer among its leaves. */
export function sourceOf(resolved: Pick<ResolvedConfig, 'sources'>, path: string): ConfigSource {
  let best: ConfigSource = 'default';
  for (const [leaf, source] of Object.entries(resolved.sources)) {
    if (
      (isUnder(leaf, path) || isUnder(path, leaf)) &&
      SOURCE_RANK.indexOf(source) > SOURCE_RANK.indexOf(best)
    )
      best = source;
  }
  return best;
}

/** True when the policy locks `path` or something under it (the UI disables the control). */
export function touchesLocked(path: string, locked: Iterable<string>): boolean {
  for (const key of locked) if (isUnder(path, key) || isUnder(key, path)) return true;
  return false;
}

/**
 * Applies a change from the settings window (or `config set`) to the USER layer, as a JSON merge
 * patch (RFC 7396: `null` removes the user's value). Refuses — with a ConfigError naming each
 * key — any change to a key the policy locks, and validates the result.
 */
export function applyUserChange(
  current: ConfigLayer,
  patch: Record<string, unknown>,
  locked: Iterable<string>,
  name = 'settings',
): ConfigLayer {
  const lockedList = [...locked];
  const issues: ConfigIssue[] = [];
  for (const [path] of patchLeaves(patch)) {
    if (touchesLocked(path, lockedList)) {
      issues.push({
        file: name,
        path,
        message: 'is locked by your administrator and cannot be changed here',
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const next = mergePatch(current, patch);
  return parseConfigLayer(next, name);
}

function patchLeaves(patch: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(patch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0)
      out.push(...patchLeaves(value, path));
    else out.push([path, value]);
  }
  return out;
}

function mergePatch(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value))
      out[key] = mergePatch(isPlainObject(out[key]) ? out[key] : {}, value);
    else out[key] = value;
  }
  return out;
}

/** The settings window's note for a key: locked by the policy, or set on the command line. */
export function lockNotice(
  resolved: Pick<ResolvedConfig, 'locked' | 'sources' | 'layerNames'>,
  path: string,
): string | undefined {
  if (touchesLocked(path, resolved.locked)) {
    return `Locked by your administrator (${resolved.layerNames.policy ?? 'policy file'}).`;
  }
  if (sourceOf(resolved, path) === 'flags') return 'Set on the command line for this run.';
  return undefined;
}
