// The quit waits for the cleanup (bounded), runs it once however often quit is asked, and the
// stop signals ask for a quit. Against the electron fake's app, whose quit() emits
// before-quit / will-quit / quit as Electron does and records the end in `exitCode`.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  QUIT_SIGNALS,
  quitAfterCleanup,
  quitOnSignals,
} from '../../electron/main/graceful-quit.js';
import { app, electronFake } from '../fakes/electron.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

beforeEach(() => electronFake.reset());

describe('quitAfterCleanup', () => {
  it('holds the quit until the cleanup has finished, then quits once', async () => {
    let finish: () => void = () => {};
    const cleanup = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    quitAfterCleanup(app, cleanup, { log: new MemoryLogger() });

    app.quit();
    app.quit(); // asked again while cleaning: still one cleanup, still held
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(app.exitCode).toBeUndefined();

    finish();
    await vi.waitFor(() => expect(app.exitCode).toBe(0));
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('quits anyway when the cleanup hangs or fails, and says so in the log', async () => {
    const log = new MemoryLogger();
    quitAfterCleanup(app, () => new Promise<void>(() => {}), { log, graceMs: 50 });
    app.quit();
    await vi.waitFor(() => expect(app.exitCode).toBe(0));
    expect(log.entries.map((e) => e.message)).toContain('stopping took too long; quitting anyway');

    electronFake.reset();
    const failing = new MemoryLogger();
    quitAfterCleanup(app, () => Promise.reject(new Error('disk gone')), { log: failing });
    app.quit();
    await vi.waitFor(() => expect(app.exitCode).toBe(0));
    expect(failing.entries).toContainEqual(
      expect.objectContaining({ message: 'stopping failed; quitting anyway' }),
    );
  });
});

describe('quitOnSignals', () => {
  it('asks for a quit on every stop signal, and again on its echo', () => {
    const signals = new EventEmitter();
    const quit = vi.fn();
    quitOnSignals({ quit }, signals);
    for (const signal of QUIT_SIGNALS) signals.emit(signal);
    // electron-store's exit hook sends the signal again: still ours, still a quit request.
    signals.emit('SIGTERM');
    expect(quit).toHaveBeenCalledTimes(QUIT_SIGNALS.length + 1);
    expect(QUIT_SIGNALS).toEqual(['SIGTERM', 'SIGINT', 'SIGHUP']);
  });
});
