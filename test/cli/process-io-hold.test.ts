// The process hold of the long-running commands (processIo().stopSignal) ends with the command:
// `run` with a configuration it cannot use read the stop signal before loading the file, and
// the hold it left behind kept the process up until the launcher's 1.5 s exit grace killed it
// (with Ctrl+C swallowed meanwhile). Observed in-process: the SIGINT/SIGTERM listeners and the
// ref'd timers main() leaves behind.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, processIo } from '../../electron/cli/index.js';
import { makeTempDir } from './cli-harness.js';

let dir: string;
let cleanup: () => Promise<void>;
/** Intervals created while a test runs, and those cleared again: the hold is one of them. */
let intervals: { created: unknown[]; cleared: Set<unknown> };
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // Counting the worker's active timers instead would also count (and miss) timers of
  // unrelated code that start or end meanwhile; following setInterval/clearInterval does not.
  intervals = { created: [], cleared: new Set() };
  const realSet = globalThis.setInterval;
  const realClear = globalThis.clearInterval;
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((
    ...args: Parameters<typeof setInterval>
  ) => {
    const handle = realSet(...args);
    intervals.created.push(handle);
    return handle;
  }) as typeof setInterval);
  vi.spyOn(globalThis, 'clearInterval').mockImplementation(((
    handle: Parameters<typeof clearInterval>[0],
  ) => {
    intervals.cleared.add(handle);
    realClear(handle);
  }) as typeof clearInterval);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

const stillRunning = (): unknown[] => intervals.created.filter((h) => !intervals.cleared.has(h));

describe('processIo stop-signal hold', () => {
  it('is released when the command returns without a signal (run, broken config → exit 2)', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ screenPop: { dedupeWindowSeconds: 'thirty' } }));
    let err = '';
    const io = processIo();
    io.stdout = () => {};
    io.stderr = (text) => (err += text);
    io.env = { ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json') };
    io.cwd = dir;
    const before = {
      int: process.listenerCount('SIGINT'),
      term: process.listenerCount('SIGTERM'),
    };

    const code = await main(['run', '--config', file], io);

    expect(code).toBe(2);
    expect(err).toContain('screenPop.dedupeWindowSeconds');
    expect({
      int: process.listenerCount('SIGINT'),
      term: process.listenerCount('SIGTERM'),
    }).toEqual(before);
    // `run` took the hold (it reads the stop signal first) and let it go again.
    expect(intervals.created.length).toBeGreaterThan(0);
    expect(stillRunning()).toEqual([]);
  });

  it('holds while the command waits for the signal, and lets go when it comes', async () => {
    const io = processIo();
    const before = { term: process.listenerCount('SIGTERM') };
    const signal = io.stopSignal;
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    expect(stillRunning()).toHaveLength(1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await signal).toBe('SIGTERM');
    expect({ term: process.listenerCount('SIGTERM') }).toEqual(before);
    expect(stillRunning()).toEqual([]);
  });
});
