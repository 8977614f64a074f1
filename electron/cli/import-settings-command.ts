// `import-settings <file>`: validates an exported settings file and writes it as the --config
// file. Keys the machine's policy locks are not imported (and listed), so an import can never
// smuggle past what the admin fixed. A file that changes which programs run or where the REST
// password, the lookup key or the calls go is written only with --yes; without it the changes
// are listed and nothing is written (exit 1), so a script cannot take in a stranger's file
// unseen.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportSettings, importSettings } from '../core/config/export-import.js';
import {
  describeSecurityChange,
  loadConfig,
  POLICY_FILE_ENV,
  securityChanges,
} from '../core/config/index.js';
import { parseCommandArgs, requireConfigFlag, UsageError } from './args.js';
import { asCliConfigError } from './cli-config.js';
import { CliError, ExitCode, type CliIo } from './io.js';
import { configChecks } from '../core/config-checks.js';

export const IMPORT_USAGE = `Usage: accolades-connector import-settings <exported-file> --config <file> [--yes]

Checks <exported-file> (made by export-settings) and writes it as the settings file <file>,
replacing what was there. Settings locked by the machine's policy file
(${POLICY_FILE_ENV} or the OS location) are left out and listed.

When the file changes which programs the rules start, or where the REST password, the lookup
API key or the calls go (server, proxy, certificates, bridge, pairing, update feed), those
changes are listed and nothing is written (exit status 1) unless --yes is given.`;

export async function importSettingsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      config: { type: 'string', short: 'c' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
    },
    IMPORT_USAGE,
  );
  if (values.help) {
    io.stdout(`${IMPORT_USAGE}\n`);
    return ExitCode.ok;
  }
  const target = path.resolve(
    io.cwd ?? process.cwd(),
    requireConfigFlag(values.config, IMPORT_USAGE),
  );
  if (positionals.length !== 1)
    throw new UsageError('Give exactly one <exported-file>.', IMPORT_USAGE);
  const source = path.resolve(io.cwd ?? process.cwd(), positionals[0]!);

  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CliError(`Settings file "${source}": file not found`, ExitCode.badConfig);
    throw asCliConfigError(error, source);
  }

  try {
    // The policy's locked keys (a broken policy locks nothing but is reported).
    const policy = await loadConfig({
      platform: io.platform ?? process.platform,
      env: io.env,
      checks: configChecks,
    });
    if (policy.policyError) io.stderr(`Warning: ${policy.policyError.message}\n`);
    const imported = importSettings(text, source, policy.locked);
    // Resolve once more as the new user layer: rule templates are checked here, naming `source`.
    const after = await loadConfig({
      userSettings: { name: source, values: imported.settings },
      platform: io.platform ?? process.platform,
      env: io.env,
      checks: configChecks,
    });
    const before = await currentConfig(target, io);
    const changes = securityChanges(before.config, after.config).map((change) =>
      describeSecurityChange(change),
    );
    const list = changes.map((line) => `  - ${line}\n`).join('');
    if (changes.length > 0 && !values.yes) {
      throw new CliError(
        `${source} changes which programs run or where passwords, keys and calls go:\n${list}` +
          `Nothing was written. If you trust this file, run the command again with --yes.`,
        ExitCode.failed,
      );
    }
    if (changes.length > 0) io.stderr(`Applying, as --yes asks:\n${list}`);
    await writeAtomically(target, exportSettings(imported.settings, { includeCrmId: true }));
    for (const key of imported.skippedLocked) {
      io.stderr(`Not imported: ${key} is locked by the policy file ${policy.policyFile ?? ''}.\n`);
    }
    io.stdout(`Imported ${source} into ${target}.\n`);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw asCliConfigError(error, source);
  }
}

/**
 * What is in effect now with <file> (defaults and policy when it does not exist or cannot be
 * used: then everything the import sets counts as a change, which only asks more, never less).
 */
async function currentConfig(file: string, io: CliIo) {
  const base = { platform: io.platform ?? process.platform, env: io.env, checks: configChecks };
  try {
    return await loadConfig({ ...base, userFile: file });
  } catch {
    return loadConfig(base);
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, { encoding: 'utf8', mode: 0o600 });
  await rename(temp, file);
}
