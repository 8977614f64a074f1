// The headless CLI's entry point: picks the command, runs it, and turns every failure into
// one plain message and an exit status (2 for usage and configuration problems).
// Each command's module is imported only when that command runs: `run` stays connected for
// days, and the stand-in, certificate minting or REST code of the other commands would sit in
// its memory for nothing (test/cli/lazy-imports-binary.test.ts holds this).
import { CliError, ExitCode, processIo, type CliIo } from './io.js';
import { errorMessage } from '../core/error-message.js';

export { processIo, ExitCode, CliError, type CliIo } from './io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, { load: () => Promise<Command>; summary: string }>> = {
  run: {
    load: async () => (await import('./run-command.js')).runCommand,
    summary: 'connect and screen-pop; JSON lines on stdout',
  },
  render: {
    load: async () => (await import('./render-command.js')).renderCommand,
    summary: 'dry run of the rules for one number',
  },
  dial: {
    load: async () => (await import('./dial-command.js')).dialCommand,
    summary: 'click2call a number through Accolades REST',
  },
  sms: {
    load: async () => (await import('./sms-command.js')).smsCommand,
    summary: 'send an SMS through Accolades REST',
  },
  doctor: {
    load: async () => (await import('./doctor-command.js')).doctorCommand,
    summary: 'check settings, network, certificate, sign-in, REST',
  },
  simulator: {
    load: async () => (await import('./simulator-command.js')).simulatorCommand,
    summary: 'start the local Accolades stand-in',
  },
  demo: {
    load: async () => (await import('./demo-command.js')).demoCommand,
    summary: 'stand-in + connector + two calls, for a first look',
  },
  'export-settings': {
    load: async () => (await import('./export-settings-command.js')).exportSettingsCommand,
    summary: 'print the settings as JSON (no password)',
  },
  'import-settings': {
    load: async () => (await import('./import-settings-command.js')).importSettingsCommand,
    summary: 'check and write exported settings',
  },
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
    const run = await command.load();
    return await run(rest, io);
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
