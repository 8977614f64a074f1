// The built CLI as a user runs it (`node bin/accolades-connector.js run …`), in a child process:
// its stdout JSON lines followed with the time each arrived, its stderr tail kept for errors,
// its resident memory read from /proc. For the benches that measure the shipped process, not
// objects inside the bench's own process (where something else keeps Node's loop alive).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** From dist/bench/ (where `npm run bench` runs this), the launcher at the repository root. */
export const CLI_BINARY = fileURLToPath(
  new URL('../../bin/accolades-connector.js', import.meta.url),
);

export type CliLine = Record<string, unknown> & {
  type: string;
  /** performance.now() in the bench process when the line arrived. */
  at: number;
};

const STDERR_TAIL = 8_000;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export class CliProcess {
  readonly lines: CliLine[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  private stderrTail = '';
  private running = true;
  private readonly waiters = new Set<{
    test: (line: CliLine) => boolean;
    done: (line: CliLine) => void;
  }>();

  private constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      let line: CliLine;
      try {
        line = {
          ...(JSON.parse(text) as Record<string, unknown>),
          at: performance.now(),
        } as CliLine;
      } catch {
        line = { type: 'not-json', text, at: performance.now() };
      }
      this.lines.push(line);
      for (const waiter of [...this.waiters]) if (waiter.test(line)) waiter.done(line);
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
    });
    this.exited = once(child, 'exit').then(([code, signal]) => {
      this.running = false;
      return {
        code: code as number | null,
        signal: signal as NodeJS.Signals | null,
        at: performance.now(),
      };
    });
  }

  /** `node bin/accolades-connector.js <args>` with this environment. */
  static start(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
    return new CliProcess(
      spawn(process.execPath, [CLI_BINARY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  alive(): boolean {
    return this.running;
  }

  stderr(): string {
    return this.stderrTail;
  }

  /** The first line from index `from` on (seen or coming) a test accepts; fails on exit/timeout. */
  waitFor(what: string, test: (line: CliLine) => boolean, from = 0, timeoutMs = 120_000) {
    const seen = this.lines.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise<CliLine>((resolve, reject) => {
      const waiter = {
        test,
        done: (line: CliLine) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(line);
        },
      };
      const fail = (why: string) => {
        if (!this.waiters.delete(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`${why} while waiting for ${what}\n${this.stderrTail.slice(-2_000)}`));
      };
      const timer = setTimeout(() => fail(`${timeoutMs} ms passed`), timeoutMs);
      this.waiters.add(waiter);
      void this.exited.then(({ code, signal }) =>
        fail(`the CLI ended (status ${code}, signal ${signal})`),
      );
    });
  }

  /** The next `state` line with phase `connected` from index `from` on. */
  connected(from = 0, timeoutMs?: number): Promise<CliLine> {
    return this.waitFor(
      'the connected state',
      (line) => line.type === 'state' && line.phase === 'connected',
      from,
      timeoutMs,
    );
  }

  /** Resident memory (VmRSS in /proc/<pid>/status) in MB; undefined where /proc is missing. */
  rssMb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Math.round((Number(kb) / 1024) * 10) / 10;
    } catch {
      return undefined;
    }
  }

  /** SIGTERM, then the exit status and how long the exit took. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const asked = performance.now();
    if (this.running) this.child.kill('SIGTERM');
    const { code, signal, at } = await this.exited;
    return { code, signal, ms: Math.round(at - asked) };
  }
}
