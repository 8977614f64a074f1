// `dial <number>`: click2call through Accolades REST (the agent's phone rings first).
import { CONFIG_OPTIONS, parseCommandArgs, requireConfigFlag, UsageError } from './args.js';
import { loadCliConfig, warnAboutPolicy } from './cli-config.js';
import { ExitCode, type CliIo } from './io.js';
import { makeCliConnector } from './make-connector.js';
import { asPlainFailure } from './rest-command.js';

export const DIAL_USAGE = `Usage: accolades-connector dial <number> --config <file> [--set key=value ...]

Asks Accolades to call <number> from your desk phone (rest.deviceId). The REST password comes
from the ACCOLADES_REST_PASSWORD environment variable or the file named by rest.passwordFile.`;

export async function dialCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, CONFIG_OPTIONS, DIAL_USAGE);
  if (values.help) {
    io.stdout(`${DIAL_USAGE}\n`);
    return ExitCode.ok;
  }
  const configFile = requireConfigFlag(values.config, DIAL_USAGE);
  if (positionals.length !== 1) throw new UsageError('Give exactly one <number>.', DIAL_USAGE);
  const loaded = await loadCliConfig(io, configFile, values.set);
  warnAboutPolicy(io, loaded);
  const connector = makeCliConnector(io, loaded.config);
  const result = await asPlainFailure(() => connector.dial(positionals[0]!));
  io.stdout(`Calling ${result.sent}: Accolades accepted the request; your phone rings first.\n`);
  return ExitCode.ok;
}
