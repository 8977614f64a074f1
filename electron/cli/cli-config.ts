// Loads the configuration the way every CLI command does: defaults < --config file < policy
// file (ACCOLADES_POLICY_FILE or the OS path; its locked keys win) < --set flags. Then applies
// the proxy from the environment when the settings name none.
import path from 'node:path';
import {
  ConfigError,
  layerFromAssignments,
  loadConfig,
  type ConnectorConfig,
  type LoadedConfig,
} from '../core/config/index.js';
import { CliError, ExitCode, type CliIo } from './io.js';
import { effectiveProxy } from './proxy.js';
import { configChecks } from '../core/config-checks.js';
import { errorMessage } from '../core/error-message.js';

export interface CliConfig extends LoadedConfig {
  /** The absolute path of the --config file. */
  file: string;
}

export async function loadCliConfig(
  io: CliIo,
  configFlag: string,
  assignments: readonly string[] = [],
): Promise<CliConfig> {
  const file = path.resolve(io.cwd ?? process.cwd(), configFlag);
  try {
    const loaded = await loadConfig({
      userFile: file,
      ...(assignments.length > 0 ? { flags: layerFromAssignments(assignments) } : {}),
      platform: io.platform ?? process.platform,
      env: io.env,
      checks: configChecks,
    });
    return { ...loaded, file };
  } catch (error) {
    throw asCliConfigError(error, file);
  }
}

/** A ConfigError (or an unreadable file) as the one-message, exit-2 failure the CLI prints. */
export function asCliConfigError(error: unknown, file: string): CliError {
  if (error instanceof ConfigError) return new CliError(error.message, ExitCode.badConfig);
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'cannot be read (permission denied)'
      : code === 'EISDIR'
        ? 'is a folder, not a file'
        : `cannot be read: ${errorMessage(error)}`;
  return new CliError(`Configuration "${file}": ${why}`, ExitCode.badConfig);
}

/** The config the Connector gets: the proxy resolved from the setting or the environment. */
export function withEffectiveProxy(config: ConnectorConfig, io: CliIo): ConnectorConfig {
  const proxy = effectiveProxy(config.accolades.proxy, config.accolades.url, io.env);
  const accolades = { ...config.accolades };
  if (proxy === undefined) delete accolades.proxy;
  else accolades.proxy = proxy;
  return { ...config, accolades };
}

/** For the one-shot commands: a broken policy file is never silently ignored. */
export function warnAboutPolicy(io: CliIo, loaded: LoadedConfig): void {
  if (loaded.policyError) io.stderr(`Warning: ${policySummary(loaded).line}\n`);
  for (const ignored of loaded.ignored) io.stderr(`Note: ${ignored.path}: ${ignored.reason}\n`);
}

/** A policy problem, in the words `run` and `doctor` print. */
export function policySummary(loaded: LoadedConfig): {
  ok: boolean;
  line: string;
} {
  if (loaded.policyError) {
    return {
      ok: false,
      line: `The policy file is broken and was NOT applied: ${loaded.policyError.message}`,
    };
  }
  if (loaded.policyApplied) {
    const locked = [...loaded.locked];
    const defaults = loaded.adminDefaultKeys;
    const details = [
      ...(locked.length > 0 ? [`locked: ${locked.join(', ')}`] : []),
      ...(defaults.length > 0 ? [`defaults: ${defaults.join(', ')}`] : []),
    ];
    return {
      ok: true,
      line: `Policy ${loaded.policyFile ?? ''} applied${details.length > 0 ? ` (${details.join('; ')})` : ''}`,
    };
  }
  return { ok: true, line: `No policy file at ${loaded.policyFile ?? '(none)'}` };
}
