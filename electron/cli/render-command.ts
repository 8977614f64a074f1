// `render`: a dry run of the rules for one sample number. Prints the rule trace and the exact
// URL / argv as JSON; opens and starts nothing (connector.preview never touches an action).
import { CONFIG_OPTIONS, parseCommandArgs, requireConfigFlag, UsageError } from './args.js';
import { loadCliConfig, warnAboutPolicy } from './cli-config.js';
import { ExitCode, type CliIo } from './io.js';
import { makeCliConnector } from './make-connector.js';
import type { CallDirection } from '../core/calls.js';

export const RENDER_USAGE = `Usage: accolades-connector render --config <file> --number <n> [--direction inbound|outbound]

Dry run: shows which rule a call would match, why, and the exact URL or program argv.
Nothing is opened or started.

  --config, -c <file>          settings file (JSON)
  --number, -n <n>             the caller's (or callee's) number, as Accolades would send it
  --direction inbound|outbound default inbound
  --set key=value              override one setting (repeatable)`;

export async function renderCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      ...CONFIG_OPTIONS,
      number: { type: 'string', short: 'n' },
      direction: { type: 'string', short: 'd' },
    },
    RENDER_USAGE,
  );
  if (values.help) {
    io.stdout(`${RENDER_USAGE}\n`);
    return ExitCode.ok;
  }
  const configFile = requireConfigFlag(values.config, RENDER_USAGE);
  if (values.number === undefined) throw new UsageError('Missing --number <n>.', RENDER_USAGE);
  const direction = parseDirection(values.direction);
  const loaded = await loadCliConfig(io, configFile, values.set);
  warnAboutPolicy(io, loaded);
  const connector = makeCliConnector(io, loaded.config);
  const preview = connector.preview(values.number, direction);
  const actions = preview.trace.actions;
  const output = {
    direction,
    number: preview.number,
    summary: preview.trace.summary,
    urls: actions.flatMap((a) => (a.ok && a.kind === 'open' ? [a.url] : [])),
    argv: actions.flatMap((a) => (a.ok && a.kind === 'run' ? [[a.program, ...a.args]] : [])),
    errors: actions.flatMap((a) => (a.ok ? [] : [`${a.ruleName}: ${a.error}`])),
    trace: preview.trace,
  };
  io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  return ExitCode.ok;
}

function parseDirection(value: string | undefined): CallDirection {
  if (value === undefined || value === 'inbound' || value === 'incoming') return 'inbound';
  if (value === 'outbound' || value === 'outgoing') return 'outbound';
  throw new UsageError(`--direction must be inbound or outbound, not "${value}".`, RENDER_USAGE);
}
