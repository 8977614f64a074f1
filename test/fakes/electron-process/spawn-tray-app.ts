// Starts the tray app's composition root as a child Node process (see tray-app.ts) and follows
// what it shows: every stdout line is JSON; stderr is kept for the failure message.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Longer than any step takes on a loaded machine; shorter than the tests' own limits. */
const WAIT_LIMIT_MS = 30_000;

const here = import.meta.dirname;

export type AppLine = Record<string, unknown> & { type: string; time: number };
export interface TrayLine extends AppLine {
  type: 'tray';
  icon: string;
  tooltip: string;
  menu: string[];
}

export interface TrayAppProcess {
  readonly child: ChildProcess;
  readonly lines: AppLine[];
  /** Resolves with the first line from index `from` on (seen or coming) a predicate accepts. */
  waitFor<T extends AppLine = AppLine>(
    what: string,
    test: (line: T) => boolean,
    from?: number,
  ): Promise<T>;
  /** The tray lines from index `from` on. */
  trayLines(from?: number): TrayLine[];
  /** Sends one command line (see tray-app.ts) and waits for its `done` line. */
  command(command: { power: 'resume' | 'unlock-screen' } | { click: string }): Promise<void>;
  /** Exit code and signal, once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it is still running. */
  alive(): boolean;
  stderr(): string;
}

export function startTrayApp(pathRoot: string, env: NodeJS.ProcessEnv): TrayAppProcess {
  const child = spawn(
    process.execPath,
    ['--import', path.join(here, 'register.mjs'), path.join(here, 'tray-app.ts')],
    {
      env: { ...env, FAKE_ELECTRON_PATH_ROOT: pathRoot },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const lines: AppLine[] = [];
  let errors = '';
  let running = true;
  const waiters: Array<{ test: (line: AppLine) => boolean; resolve: (line: AppLine) => void }> = [];
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (errors += text));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: AppLine;
    try {
      line = JSON.parse(text) as AppLine;
    } catch {
      errors += `(not JSON on stdout) ${text}\n`;
      return;
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = once(child, 'exit').then(([code, signal]) => {
    running = false;
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });

  const waitFor = <T extends AppLine>(
    what: string,
    test: (line: T) => boolean,
    from = 0,
  ): Promise<T> => {
    const seen = lines.slice(from).find((line) => test(line as T));
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        test: test as (line: AppLine) => boolean,
        resolve: (line: AppLine) => {
          clearTimeout(timer);
          (resolve as (line: AppLine) => void)(line);
        },
      };
      waiters.push(waiter);
      // A wait that never ends fails naming what it waited for and the app's last lines, not as
      // an anonymous test timeout.
      const timer = setTimeout(() => {
        if (!waiters.includes(waiter)) return;
        waiters.splice(waiters.indexOf(waiter), 1);
        const last = lines.slice(-5).map((line) => JSON.stringify(line));
        reject(new Error(`no ${what} within ${WAIT_LIMIT_MS} ms; last lines:\n${last.join('\n')}`));
      }, WAIT_LIMIT_MS);
      // An app that dies while the test waits fails the wait with its stderr, not a timeout.
      void exited.then(({ code, signal }) => {
        if (!waiters.includes(waiter)) return;
        reject(
          new Error(
            `the app ended (code ${code}, signal ${signal}) while waiting for ${what}\n${errors}`,
          ),
        );
      });
    });
  };
  return {
    child,
    lines,
    waitFor,
    trayLines: (from = 0) =>
      lines.slice(from).filter((line): line is TrayLine => line.type === 'tray' && 'icon' in line),
    command: async (command) => {
      const from = lines.length;
      child.stdin!.write(`${JSON.stringify(command)}\n`);
      const answer = await waitFor(
        `the answer to ${JSON.stringify(command)}`,
        (line) => line.type === 'done' || line.type === 'commandFailed',
        from,
      );
      if (answer.type === 'commandFailed') throw new Error(String(answer.error));
    },
    exited,
    alive: () => running,
    stderr: () => errors,
  };
}
