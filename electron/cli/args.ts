// Argument parsing shared by every command: node:util parseArgs in strict mode, with its
// errors turned into a usage message and exit status 2 instead of a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, ExitCode } from './io.js';
import { errorMessage } from '../core/error-message.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The flags every command that reads a configuration accepts. */
export const CONFIG_OPTIONS = {
  config: { type: 'string', short: 'c' },
  set: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

/** A usage problem: the command's usage text plus what was wrong, exit status 2. */
export class UsageError extends CliError {
  constructor(
    problem: string,
    readonly usage: string,
  ) {
    super(`${problem}\n\n${usage}`, ExitCode.badConfig);
    this.name = 'UsageError';
  }
}

export function parseCommandArgs<O extends Options>(
  argv: readonly string[],
  options: O,
  usage: string,
) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(errorMessage(error), usage);
  }
}

/** `--config` is required by most commands; say so plainly. */
export function requireConfigFlag(value: string | undefined, usage: string): string {
  if (value === undefined || value === '') throw new UsageError('Missing --config <file>.', usage);
  return value;
}
