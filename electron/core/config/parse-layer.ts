// Reading one layer (a settings file, the policy file, flags): JSON text → migrated, validated
// partial object. The partial object is what gets merged; defaults are applied only at the end,
// so a policy file that omits a key does not reset the user's value to the default.
import { z } from 'zod';
import { configSchema, CONFIG_VERSION } from './schema.js';
import { ConfigError, issuesFromZod, type ConfigIssue } from './config-error.js';
import { migrateConfig, type ConfigMigration } from './migrations.js';
import { parseJsonText } from './parse-json.js';
import { configKeyPaths, isPlainObject } from './key-paths.js';

/** A validated, migrated, partial configuration object (no defaults filled in). */
export type ConfigLayer = Record<string, unknown>;

export interface ParseLayerOptions {
  migrations?: readonly ConfigMigration[];
  currentVersion?: number;
}

/** Validates an already-parsed value as one configuration layer. Throws ConfigError. */
export function parseConfigLayer(
  raw: unknown,
  file: string,
  options: ParseLayerOptions = {},
): ConfigLayer {
  if (!isPlainObject(raw)) {
    throw new ConfigError([{ file, path: '', message: 'must be a JSON object ({ … })' }]);
  }
  const migrated = migrateConfig(
    raw,
    file,
    options.migrations,
    options.currentVersion ?? CONFIG_VERSION,
  );
  const result = configSchema.safeParse(migrated, { reportInput: true });
  if (!result.success) throw new ConfigError(issuesFromZod(file, result.error));
  const { version: _version, ...rest } = migrated;
  return rest;
}

/** JSON text → one configuration layer. Broken JSON names the line and column. */
export function parseConfigText(
  text: string,
  file: string,
  options: ParseLayerOptions = {},
): ConfigLayer {
  return parseConfigLayer(parseJsonText(text, file), file, options);
}

export interface PolicyLayer {
  values: ConfigLayer;
  /** Dotted key paths the administrator locked. */
  locked: string[];
  /**
   * The policy's `defaults` block: values the administrator suggests but the agent may change
   * (they sit under the user's settings, not over them). Empty when the file has none.
   */
  defaults: ConfigLayer;
}

const lockedSchema = z.array(z.string()).max(500);

/**
 * The admin policy file: the same schema plus `"locked": ["accolades.url", "rules", …]` and an
 * optional `"defaults": { … }` block of the same schema (changeable starting values).
 */
export function parsePolicyText(
  text: string,
  file: string,
  options: ParseLayerOptions = {},
): PolicyLayer {
  const raw = parseJsonText(text, file);
  if (!isPlainObject(raw)) {
    throw new ConfigError([{ file, path: '', message: 'must be a JSON object ({ … })' }]);
  }
  const { locked: rawLocked, defaults: rawDefaults, ...values } = raw;
  const issues: ConfigIssue[] = [];
  let locked: string[] = [];
  if (rawLocked !== undefined) {
    const parsed = lockedSchema.safeParse(rawLocked, { reportInput: true });
    if (!parsed.success) {
      issues.push(...issuesFromZod(file, parsed.error, ['locked']));
    } else {
      const known = new Set(configKeyPaths());
      parsed.data.forEach((key, index) => {
        if (!known.has(key)) {
          issues.push({
            file,
            path: `locked[${index}]`,
            message: `"${key}" is not a setting that can be locked (write a dotted path such as "accolades.url" or "rules")`,
          });
        }
      });
      locked = [...new Set(parsed.data)];
    }
  }
  let layer: ConfigLayer = {};
  try {
    layer = parseConfigLayer(values, file, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  const defaults = parseDefaultsBlock(rawDefaults, file, options, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return { values: layer, locked, defaults };
}

/**
 * The `defaults` block, validated like a settings file; its problems are named under
 * `defaults.` ("defaults.screenPop.burst") so the admin knows which block to fix.
 */
function parseDefaultsBlock(
  raw: unknown,
  file: string,
  options: ParseLayerOptions,
  issues: ConfigIssue[],
): ConfigLayer {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    issues.push({ file, path: 'defaults', message: 'must be a JSON object ({ … }) of settings' });
    return {};
  }
  try {
    return parseConfigLayer(raw, file, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(
      ...error.issues.map((issue) => ({
        ...issue,
        path: issue.path ? `defaults.${issue.path}` : 'defaults',
      })),
    );
    return {};
  }
}
