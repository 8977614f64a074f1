// The headless CLI's entry point: picks the command, runs it, and turns every failure into
// one plain message and an exit status (2 for usage and configuration problems).
import { demoCommand } from './demo-command.js';
import { dialCommand } from './dial-command.js';
import { doctorCommand } from './doctor-command.js';
import { exportSettingsCommand } from './export-settings-command.js';
import { importSettingsCommand } from './import-settings-command.js';
import { CliError, ExitCode, processIo, type CliIo } from './io.js';
import { renderCommand } from './render-command.js';
import { runCommand } from './run-command.js';
import { simulatorCommand } from './simulator-command.js';
import { smsCommand } from './sms-command.js';
import { errorMessage } from '../core/error-message.js';

export { processIo, ExitCode, CliError, type CliIo } from './io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; summary: string }>> = {
  run: { run: runCommand, summary: 'connect and screen-pop; JSON lines on stdout' },
  render: { run: renderCommand, summary: 'dry run of the rules for one number' },
  dial: { run: dialCommand, summary: 'click2call a number through Accolades REST' },
  sms: { run: smsCommand, summary: 'send an SMS through Accolades REST' },
  doctor: { run: doctorCommand, summary: 'check settings, network, certificate, sign-in, REST' },
  simulator: { run: simulatorCommand, summary: 'start the local Accolades stand-in' },
  demo: { run: demoCommand, summary: 'stand-in + connector + two calls, for a first look' },
  'export-settings': {
    run: exportSettingsCommand,
    summary: 'print the settings as JSON (no password)',
  },
  'import-settings': { run: importSettingsCommand, summary: 'check and write exported settings' },
};

export const USAGE = `Usage: accolades-connector <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(16)} ${summary}`)
  .join('\n')}

Run "accolades-connector <command> --help" for a command's options.`;

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(`${USAGE}\n`);
    return name === undefined ? ExitCode.badConfig : ExitCode.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${USAGE}\n`);
    return ExitCode.badConfig;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`${name} failed: ${errorMessage(error)}\n`);
    return ExitCode.failed;
  } finally {
    // A long-running command holds the process until a stop signal; one that returned
    // without it (broken config, port in use) must not leave that hold behind.
    io.release?.();
  }
}
