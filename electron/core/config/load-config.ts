// Reads the layers from disk and resolves them. A broken USER file (or flags) is an error the
// caller shows (the CLI exits 2); a broken POLICY file is never silently ignored but also never
// fatal: the app keeps running on the other layers and shows `policyError`.
import { readFile } from 'node:fs/promises';
import { ConfigError } from './config-error.js';
import {
  parseConfigLayer,
  parseConfigText,
  parsePolicyText,
  type ParseLayerOptions,
} from './parse-layer.js';
import {
  resolveLayers,
  type LayerInputs,
  type NamedPolicyLayer,
  type ResolvedConfig,
} from './layers.js';
import { policyFilePath } from './policy-path.js';
import { errorMessage } from '../error-message.js';

/** The one file operation config loading needs; rejects with `code: 'ENOENT'` for a missing file. */
export interface ConfigFs {
  readFile(path: string): Promise<string>;
}

export const nodeConfigFs: ConfigFs = { readFile: (path) => readFile(path, 'utf8') };

export interface LoadConfigOptions extends ParseLayerOptions {
  /** The CLI's `--config <file>`: must exist. */
  userFile?: string;
  /** The app's settings object (from its settings store), with a name for messages. */
  userSettings?: { name: string; values: unknown };
  /** Values from command-line flags, as a partial config object. */
  flags?: unknown;
  /** Policy file path; default: policyFilePath(platform, env). `null` skips the policy. */
  policyFile?: string | null;
  platform?: NodeJS.Platform;
  env?: Readonly<Record<string, string | undefined>>;
  fs?: ConfigFs;
  /** The checks beyond the schema (the app and the CLI pass configChecks); default none. */
  checks?: LayerInputs['checks'];
  runChecks?: boolean;
}

export interface LoadedConfig extends ResolvedConfig {
  /** The policy path that was looked at (whether or not it exists). */
  policyFile: string | undefined;
  /** Whether a policy file was found and applied. */
  policyApplied: boolean;
  /** Set when the policy file exists but is broken: show it; the other layers are in effect. */
  policyError: ConfigError | undefined;
}

/** Loads and resolves all layers. Throws ConfigError for a broken user file or flags. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const fs = options.fs ?? nodeConfigFs;
  const parseOptions: ParseLayerOptions = {
    migrations: options.migrations,
    currentVersion: options.currentVersion,
  };
  const inputs: LayerInputs = { checks: options.checks, runChecks: options.runChecks };

  if (options.userFile !== undefined) {
    const text = await readText(fs, options.userFile);
    if (text === undefined) {
      throw new ConfigError([{ file: options.userFile, path: '', message: 'file not found' }]);
    }
    inputs.user = {
      name: options.userFile,
      values: parseConfigText(text, options.userFile, parseOptions),
    };
  } else if (options.userSettings) {
    const { name, values } = options.userSettings;
    inputs.user = { name, values: parseConfigLayer(values, name, parseOptions) };
  }
  if (options.flags !== undefined) {
    inputs.flags = {
      name: 'command-line flags',
      values: parseConfigLayer(options.flags, 'command-line flags', parseOptions),
    };
  }

  const policyFile =
    options.policyFile === null
      ? undefined
      : (options.policyFile ??
        policyFilePath(options.platform ?? process.platform, options.env ?? process.env));
  let policy: NamedPolicyLayer | undefined;
  let policyError: ConfigError | undefined;
  if (policyFile !== undefined) {
    try {
      const text = await readText(fs, policyFile);
      if (text !== undefined) {
        const parsed = parsePolicyText(text, policyFile, parseOptions);
        policy = {
          name: policyFile,
          values: parsed.values,
          locked: parsed.locked,
          defaults: parsed.defaults,
        };
      }
    } catch (error) {
      policyError = asConfigError(error, policyFile);
    }
  }

  if (policy) {
    try {
      const resolved = resolveLayers({ ...inputs, policy });
      return { ...resolved, policyFile, policyApplied: true, policyError: undefined };
    } catch (error) {
      // Only a problem inside the policy itself (e.g. a refused rule template) drops the policy.
      if (!(error instanceof ConfigError) || !error.issues.every((i) => i.file === policyFile))
        throw error;
      policyError = error;
    }
  }
  const resolved = resolveLayers(inputs);
  return { ...resolved, policyFile, policyApplied: false, policyError };
}

async function readText(fs: ConfigFs, file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function asConfigError(error: unknown, file: string): ConfigError {
  if (error instanceof ConfigError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'cannot be read (permission denied)'
      : `cannot be read: ${errorMessage(error)}`;
  return new ConfigError([{ file, path: '', message: reason }]);
}
