// `export-settings`: the --config file's settings as JSON on stdout, validated and at the
// current version. The schema holds no secrets (the REST password lives elsewhere) and the CRM
// ID is left out unless --include-crm-id, so the output can be mailed to a colleague or checked
// into an admin's repository.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { exportSettings } from '../core/config/export-import.js';
import { parseConfigText } from '../core/config/index.js';
import { CONFIG_OPTIONS, parseCommandArgs, requireConfigFlag } from './args.js';
import { asCliConfigError, loadCliConfig, warnAboutPolicy } from './cli-config.js';
import { ExitCode, type CliIo } from './io.js';

export const EXPORT_USAGE = `Usage: accolades-connector export-settings --config <file> [--include-crm-id] > settings.json

Prints the settings of <file> as JSON (current format version, no password), ready for
import-settings on another computer. The CRM ID is left out, as the file is meant to be
mailed; --include-crm-id keeps it (a copy for your own other computer).`;

export async function exportSettingsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      config: CONFIG_OPTIONS.config,
      help: CONFIG_OPTIONS.help,
      'include-crm-id': { type: 'boolean' },
    },
    EXPORT_USAGE,
  );
  if (values.help) {
    io.stdout(`${EXPORT_USAGE}\n`);
    return ExitCode.ok;
  }
  const configFlag = requireConfigFlag(values.config, EXPORT_USAGE);
  // Full validation first (rule templates included), so a broken file is never exported.
  const loaded = await loadCliConfig(io, configFlag);
  warnAboutPolicy(io, loaded);
  let text: string;
  try {
    text = await readFile(loaded.file, 'utf8');
  } catch (error) {
    throw asCliConfigError(error, loaded.file);
  }
  const layer = parseConfigText(text, path.basename(loaded.file));
  io.stdout(exportSettings(layer, { includeCrmId: values['include-crm-id'] === true }));
  return ExitCode.ok;
}
