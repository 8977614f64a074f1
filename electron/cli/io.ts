// What a CLI command may touch, injected so tests can run commands in-process.
import type { LookupAddress } from 'node:dns';
import os from 'node:os';

export type LookupFunction = (hostname: string) => Promise<LookupAddress[]>;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (Ctrl+C / SIGTERM) — only long-running commands wait on it. */
  stopSignal: Promise<string>;
  /** Relative paths (`--config ./c.json`) are read against this; default process.cwd(). */
  cwd?: string;
  platform?: NodeJS.Platform;
  homedir?: string;
  /** DNS for `doctor`; default dns.promises.lookup(host, { all: true }). */
  lookup?: LookupFunction;
  /** Per-step limit for `doctor` (TCP, TLS, WSS, REST); default 10 s. */
  timeoutMs?: number;
  /**
   * Ends what reading `stopSignal` set up (the process hold and the signal handlers). main()
   * calls it once the command has returned, however it returned: a `run` that failed on its
   * configuration must exit at once, not when the launcher's exit grace runs out.
   */
  release?: () => void;
}

export function processIo(): CliIo {
  // Installed on first use only, by the long-running commands: a one-shot command (dial,
  // doctor) must keep Node's default Ctrl+C, which ends it at once.
  let hold: StopSignalHold | undefined;
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    get stopSignal() {
      hold ??= holdProcessUntilStopSignal();
      return hold.signal;
    },
    release: () => hold?.release(),
    cwd: process.cwd(),
    platform: process.platform,
    homedir: os.homedir(),
  };
}

interface StopSignalHold {
  signal: Promise<string>;
  /** Lets go without a signal (the command returned): the promise then never settles. */
  release: () => void;
}

/**
 * The lifetime of a long-running command, made explicit: the process stays up until SIGINT or
 * SIGTERM, whatever the network does. The connection supervisor unrefs its timers (a program
 * that embeds the core must be free to exit), so while it waits out a backoff delay nothing of
 * its own keeps Node's event loop alive — without this hold `run` exited with status 0 at the
 * first dropped link. A pending promise does not keep the loop alive; a ref'd interval does.
 * The first signal ends the hold and restores Node's default handling, so a second Ctrl+C
 * ends a process whose shutdown hangs.
 */
function holdProcessUntilStopSignal(): StopSignalHold {
  const hold = setInterval(() => {}, 2 ** 30);
  let resolveSignal: (signal: string) => void = () => {};
  const signal = new Promise<string>((resolve) => (resolveSignal = resolve));
  const release = (): void => {
    clearInterval(hold);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
  const stop = (name: string): void => {
    release();
    resolveSignal(name);
  };
  const onInt = (): void => stop('SIGINT');
  const onTerm = (): void => stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return { signal, release };
}

/** Exit statuses shared by every command. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  /** Usage error, or a missing/broken configuration file. */
  badConfig: 2,
  /** A bug: an exception nothing caught. A supervisor should restart the process. */
  internalError: 70,
} as const;

/** A failure whose message is already written for a person. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Writes one JSON object as one line (the machine-readable output of `run`, `render`, …). */
export function writeJsonLine(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}
