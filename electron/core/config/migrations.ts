// Configuration files written by older versions are upgraded step by step (v0→v1→v2…) by pure
// functions before validation; a file from a NEWER version is refused rather than guessed at.
import { CONFIG_VERSION } from './schema.js';
import { ConfigError } from './config-error.js';

export interface ConfigMigration {
  /** The version this step reads; it produces `from + 1`. */
  from: number;
  /** Pure: returns a new object, never changes its input. */
  migrate(raw: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/**
 * The real migration steps, oldest first. Version 1 is the first released format, so there
 * are none yet; add `{ from: 1, migrate }` here when CONFIG_VERSION becomes 2.
 */
export const CONFIG_MIGRATIONS: readonly ConfigMigration[] = [];

/**
 * Brings a parsed JSON object to CONFIG_VERSION. A missing `version` means "current".
 * Throws ConfigError (naming the file and `version`) for a newer, unknown or invalid version.
 */
export function migrateConfig(
  raw: Readonly<Record<string, unknown>>,
  file: string,
  migrations: readonly ConfigMigration[] = CONFIG_MIGRATIONS,
  currentVersion: number = CONFIG_VERSION,
): Record<string, unknown> {
  if (!('version' in raw) || raw.version === undefined) return { ...raw };
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new ConfigError([
      {
        file,
        path: 'version',
        message: `must be a whole number such as ${currentVersion}, not ${JSON.stringify(version)}`,
      },
    ]);
  }
  if (version > currentVersion) {
    throw new ConfigError([
      {
        file,
        path: 'version',
        message:
          `this file was written for configuration version ${version}, but this Accolades Connector only ` +
          `understands versions up to ${currentVersion}. Update the Accolades Connector, or ask your administrator.`,
      },
    ]);
  }
  let current: Record<string, unknown> = { ...raw };
  for (let v = version; v < currentVersion; v += 1) {
    const step = migrations.find((m) => m.from === v);
    if (!step) {
      throw new ConfigError([
        {
          file,
          path: 'version',
          message: `configuration version ${v} is too old to be upgraded automatically`,
        },
      ]);
    }
    current = { ...step.migrate(current), version: v + 1 };
  }
  return current;
}
