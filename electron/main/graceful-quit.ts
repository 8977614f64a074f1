// Electron ends the process right after 'quit', cutting off whatever is still pending. When the
// app is told to quit (the tray's Quit, SIGTERM from a session manager or a service stop, an
// update that installs on quit), the connector must stop first: the call in flight finished
// and in the history, the local servers closed, the log on disk. So the first quit is held
// (before-quit prevented), the cleanup runs, and the quit is asked again, which then goes
// through. A cleanup that hangs is cut after `graceMs`: a stuck socket must not keep a quit
// from happening.
//
// The stop signals go the same way. Electron on Linux and macOS quits gracefully on SIGTERM
// (logout, `systemctl --user stop`, kill), SIGINT (Ctrl+C in a terminal) and SIGHUP (terminal
// closed) — until any Node listener for them exists: libuv's handler then replaces Chromium's.
// electron-store's atomic file writer (conf → atomically → when-exit) adds such a listener,
// which cleans its temp files and sends the signal to the process again; with nobody else
// listening, that ended the app at once: no quit events, the connector never stopped. Our own
// listeners stay for the whole life of the app, so the signal, and its echo, ask for a quit.
import type { Logger } from '../core/ports.js';

export const QUIT_GRACE_MS = 3_000;
export const QUIT_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** The part of Electron's `app` this needs. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export function quitAfterCleanup(
  app: QuittableApp,
  cleanup: () => Promise<void>,
  options: { log: Logger; graceMs?: number },
): void {
  let phase: 'running' | 'cleaning' | 'clean' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'clean') return;
    event.preventDefault();
    if (phase === 'cleaning') return;
    phase = 'cleaning';
    const graceMs = options.graceMs ?? QUIT_GRACE_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.log.warn('stopping took too long; quitting anyway', { graceMs });
        resolve();
      }, graceMs);
    });
    Promise.race([
      cleanup().catch((error: unknown) =>
        options.log.error('stopping failed; quitting anyway', { error: String(error) }),
      ),
      cut,
    ]).finally(() => {
      clearTimeout(timer);
      phase = 'clean';
      app.quit();
    });
  });
}

/** The part of `process` quitOnSignals needs. */
export interface SignalSource {
  on(signal: (typeof QUIT_SIGNALS)[number], listener: () => void): unknown;
}

/**
 * SIGTERM, SIGINT and SIGHUP quit the app gracefully (see the top of this file). Installed
 * before `ready`, so a stop during start-up is a quit too.
 */
export function quitOnSignals(
  app: Pick<QuittableApp, 'quit'>,
  source: SignalSource = process,
): void {
  for (const signal of QUIT_SIGNALS) source.on(signal, () => app.quit());
}
