// `sms <number> <text>`: send an SMS through Accolades REST; length/diacritics warnings shown.
import { CONFIG_OPTIONS, parseCommandArgs, requireConfigFlag, UsageError } from './args.js';
import { loadCliConfig, warnAboutPolicy } from './cli-config.js';
import { ExitCode, type CliIo } from './io.js';
import { makeCliConnector } from './make-connector.js';
import { asPlainFailure } from './rest-command.js';

export const SMS_USAGE = `Usage: accolades-connector sms <number> <text> --config <file> [--set key=value ...]

Sends <text> as an SMS to <number> through Accolades. Quote the text. The REST password comes
from the ACCOLADES_REST_PASSWORD environment variable or the file named by rest.passwordFile.`;

export async function smsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, CONFIG_OPTIONS, SMS_USAGE);
  if (values.help) {
    io.stdout(`${SMS_USAGE}\n`);
    return ExitCode.ok;
  }
  const configFile = requireConfigFlag(values.config, SMS_USAGE);
  if (positionals.length !== 2)
    throw new UsageError('Give a <number> and one quoted <text>.', SMS_USAGE);
  const [number, text] = positionals as [string, string];
  const loaded = await loadCliConfig(io, configFile, values.set);
  warnAboutPolicy(io, loaded);
  const connector = makeCliConnector(io, loaded.config);
  const result = await asPlainFailure(() => connector.sendSms(number, text));
  for (const warning of result.warnings) io.stderr(`Warning: ${warning.message}\n`);
  io.stdout(`SMS to ${result.sent} accepted by Accolades.\n`);
  return ExitCode.ok;
}
