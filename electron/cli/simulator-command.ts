// `simulator`: the local Accolades stand-in, until Ctrl+C.
import { runSimulatorCli, type SuccessSpelling } from '../simulator/index.js';
import { parseCommandArgs, UsageError } from './args.js';
import { ExitCode, type CliIo } from './io.js';

export const SIMULATOR_USAGE = `Usage: accolades-connector simulator [--port N] [--control-port N] [--data-dir D] [--spelling authSucces|authSuccess]

Starts a local stand-in of the Accolades service (WSS + REST with its own CA, and a control
page to ring calls) and prints how to point the connector at it. Stops on Ctrl+C.

  --port N            WSS + REST port (default 14327; 0 = any free port)
  --control-port N    control page port (default 14328; 0 = any free port)
  --data-dir D        where its CA certificate is kept between runs
  --spelling S        which auth success spelling to send (default authSuccess)`;

export async function simulatorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      port: { type: 'string', short: 'p' },
      'control-port': { type: 'string' },
      'data-dir': { type: 'string' },
      spelling: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    SIMULATOR_USAGE,
  );
  if (values.help) {
    io.stdout(`${SIMULATOR_USAGE}\n`);
    return ExitCode.ok;
  }
  const spelling = values.spelling;
  if (spelling !== undefined && spelling !== 'authSucces' && spelling !== 'authSuccess')
    throw new UsageError('--spelling must be authSucces or authSuccess.', SIMULATOR_USAGE);
  const stopRequested = io.stopSignal;
  const handle = await runSimulatorCli(
    {
      ...(values.port !== undefined ? { port: portNumber(values.port, '--port') } : {}),
      ...(values['control-port'] !== undefined
        ? { controlPort: portNumber(values['control-port'], '--control-port') }
        : {}),
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
      ...(spelling ? { spelling: spelling as SuccessSpelling } : {}),
    },
    { write: (text: string) => io.stdout(text) },
  );
  await stopRequested;
  await handle.close();
  io.stdout('Stand-in stopped.\n');
  return ExitCode.ok;
}

function portNumber(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(
      `${flag} must be a port number (0-65535), not "${text}".`,
      SIMULATOR_USAGE,
    );
  return port;
}
