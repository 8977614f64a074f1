// Helpers for tests that drive the built CLI as a child process and read its JSON lines. The
// build and the child's environment are the process-test harness's (test/process), so every
// such test shares one build lock and one way of keeping this machine's policy out.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export { binaryPath as binary, ensureBuilt } from '../process/built-cli.js';
export { childEnv } from '../process/connector-process.js';

export type Line = Record<string, unknown> & { type: string };

/** Follows the child's stdout JSON lines; `waitFor` resolves with the first line a predicate accepts. */
export function follow(child: ChildProcess) {
  const lines: Line[] = [];
  const waiters: Array<{ test: (line: Line) => boolean; resolve: (line: Line) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const waitFor = (test: (line: Line) => boolean): Promise<Line> => {
    const found = lines.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => waiters.push({ test, resolve }));
  };
  return { lines, waitFor };
}
