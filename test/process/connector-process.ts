// One long-running command of the built CLI as a child process, observed from the outside the
// way a supervisor or an admin sees it: its stdout lines (JSON for `run`, text for `simulator`
// and `demo`), its stderr, its exit status or the signal that ended it, and when each happened.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { binaryPath } from './built-cli.js';

/**
 * How long a child may take to start and reach its first milestone (connected, listening).
 * Not a timing assertion: node plus the compiled CLI needs most of a second of CPU, and on a
 * loaded 2-core machine with other tests starting processes too that can take many seconds.
 */
export const STARTUP_TIMEOUT_MS = 60_000;

/** One stdout line of `run`: a JSON object with a `type` and a `time` (see docs/cli.md). */
export interface OutputLine {
  type: string;
  time?: string;
  [key: string]: unknown;
}

export interface StateLine extends OutputLine {
  type: 'state';
  phase: string;
  statusLine: string;
  attempt: number;
  detail?: string;
  nextAttemptAt?: number;
  failure?: { kind: string; endpoint: string; cause: string };
}

export interface CallLine extends OutputLine {
  type: 'call';
  id: string;
  direction: 'inbound' | 'outbound';
  number: { raw: string; e164?: string; national: string };
  outcome: { kind: string; reason?: string };
  actions: Array<{ kind: string; ok: boolean; url?: string; pid?: number; error?: string }>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() in the test process when the child was gone. */
  atMs: number;
}

/** A stdout line as received, with when it arrived. */
export interface Received {
  text: string;
  json: OutputLine | undefined;
  atMs: number;
}

export const isState =
  (phase?: string) =>
  (line: OutputLine): line is StateLine =>
    line.type === 'state' && (phase === undefined || line.phase === phase);

export const isCall =
  (number?: string) =>
  (line: OutputLine): line is CallLine =>
    line.type === 'call' && (number === undefined || (line as CallLine).number.raw === number);

interface Waiter {
  from: number;
  test: (entry: Received) => boolean;
  resolve: (entry: Received) => void;
  reject: (error: Error) => void;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export class ConnectorProcess {
  /** Every stdout line so far, in order. */
  readonly received: Received[] = [];
  readonly startedAtMs = Date.now();
  private stderrText = '';
  /** When the last stderr output arrived (Date.now() in the test process). */
  stderrAtMs: number | undefined;
  private exitInfo: Exit | undefined;
  private readonly waiters = new Set<Waiter>();
  readonly exited: Promise<Exit>;

  private constructor(private readonly child: ChildProcess) {
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString();
      this.stderrAtMs = Date.now();
    });
    createInterface({ input: child.stdout! }).on('line', (text) => this.receive(text));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        const exit = { code, signal, atMs: Date.now() };
        // 'exit' can come before the last output was read: settle once the pipes are closed
        // too (or shortly after, should a grandchild have kept them open).
        const settle = (): void => {
          if (this.exitInfo) return;
          this.exitInfo = exit;
          resolve(exit);
          for (const waiter of [...this.waiters]) {
            this.waiters.delete(waiter);
            waiter.reject(this.failure(`the process exited while waiting`));
          }
        };
        child.once('close', settle);
        setTimeout(settle, 500);
      });
    });
  }

  /** Starts `node bin/accolades-connector.js <args>`. */
  static start(args: readonly string[], options: StartOptions): ConnectorProcess {
    const child = spawn(process.execPath, [binaryPath, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ConnectorProcess(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** The exit, once it happened. */
  get exit(): Exit | undefined {
    return this.exitInfo;
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  /** The JSON lines so far (non-JSON lines left out). */
  get lines(): OutputLine[] {
    return this.received.flatMap((entry) => (entry.json ? [entry.json] : []));
  }

  /** A position in the output: later waits can ask only for lines after it. */
  mark(): number {
    return this.received.length;
  }

  /** The stdout stream itself, for a test that plays a reader who goes away. */
  get stdout(): Readable {
    return this.child.stdout!;
  }

  signal(name: NodeJS.Signals): void {
    if (this.alive) this.child.kill(name);
  }

  /**
   * Resolves with the first JSON line (at or after `after`) that `test` accepts; rejects when
   * `timeoutMs` passes or the process exits first, with the output so far in the message.
   */
  waitForLine<T extends OutputLine>(
    test: (line: OutputLine) => line is T,
    options: WaitOptions,
  ): Promise<T & { receivedAtMs: number }>;
  waitForLine(
    test: (line: OutputLine) => boolean,
    options: WaitOptions,
  ): Promise<OutputLine & { receivedAtMs: number }>;
  async waitForLine(
    test: (line: OutputLine) => boolean,
    options: WaitOptions,
  ): Promise<OutputLine & { receivedAtMs: number }> {
    const entry = await this.waitFor((e) => e.json !== undefined && test(e.json), options);
    return { ...entry.json!, receivedAtMs: entry.atMs };
  }

  /** Like waitForLine, for the plain-text output of `simulator` and `demo`. */
  async waitForText(pattern: RegExp, options: WaitOptions): Promise<Received> {
    return this.waitFor((entry) => pattern.test(entry.text), { what: String(pattern), ...options });
  }

  /** Resolves with the exit; rejects if the process is still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(this.failure(`still running ${timeoutMs} ms later`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL if it is still running (afterEach: a failed test must not leave it behind). */
  async dispose(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The output so far, for failure messages. */
  describe(): string {
    const status = this.exitInfo
      ? `exited with code ${this.exitInfo.code} signal ${this.exitInfo.signal}`
      : 'still running';
    const out = this.received
      .slice(-12)
      .map((e) => `  ${e.text.slice(0, 300)}`)
      .join('\n');
    const err = this.stderrText.trim().split('\n').slice(-8).join('\n  ');
    return `process ${status}\nlast stdout lines:\n${out}\nlast stderr lines:\n  ${err}`;
  }

  private waitFor(test: (entry: Received) => boolean, options: WaitOptions): Promise<Received> {
    const from = options.after ?? 0;
    const found = this.received.slice(from).find(test);
    if (found) return Promise.resolve(found);
    const what = options.what ?? 'a line';
    if (!this.alive) return Promise.reject(this.failure(`the process had exited; no ${what}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(this.failure(`no ${what} within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      const waiter: Waiter = {
        from,
        test,
        resolve: (entry) => {
          clearTimeout(timer);
          resolve(entry);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(new Error(`${error.message} (waiting for ${what})`));
        },
      };
      this.waiters.add(waiter);
    });
  }

  private receive(text: string): void {
    let json: OutputLine | undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && 'type' in value)
        json = value as OutputLine;
    } catch {
      // Plain text (simulator, demo).
    }
    const entry: Received = { text, json, atMs: Date.now() };
    const index = this.received.push(entry) - 1;
    for (const waiter of [...this.waiters]) {
      if (index >= waiter.from && waiter.test(entry)) {
        this.waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  }

  private failure(message: string): Error {
    return new Error(`${message}\n${this.describe()}`);
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** Only lines at or after this mark() count. */
  after?: number;
  /** Named in the failure message. */
  what?: string;
}

/** The environment a child gets: this machine's policy, proxies and REST password kept out. */
export function childEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // A policy file that does not exist, so this machine's real policy never leaks in.
    ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json'),
    ...extra,
  };
  for (const key of [
    'HTTPS_PROXY',
    'https_proxy',
    'ALL_PROXY',
    'all_proxy',
    'ACCOLADES_REST_PASSWORD',
  ])
    delete env[key];
  return env;
}
