// Optional automatic updates of the tray app from a generic feed that the administrator's
// policy gives (`updates.feedUrl`, locked). Off while the feed is empty: then electron-updater
// is not even loaded and nothing contacts an update server. An update is downloaded in the
// background and installed only when the agent quits the app (or restarts it from the
// notification's advice), never in the middle of a call.
import type { ConnectorConfig } from '../core/config/schema.js';
import type { Clock, Logger, TimerHandle } from '../core/ports.js';
import { errorMessage } from '../core/error-message.js';

/** The part of electron-updater's AppUpdater we use (a fake in tests). */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface AutoUpdateOptions {
  /** `updates` of the effective configuration, read once at start. */
  config: ConnectorConfig['updates'];
  /**
   * Whether the policy locks `updates.feedUrl`. A feed the agent (or an imported settings file)
   * could set is ignored: whoever names the feed decides what code the app runs next.
   */
  feedLockedByPolicy: boolean;
  /** Production: electron-updater's autoUpdater, loaded only when a feed is set. */
  updater?: () => Promise<UpdaterPort>;
  log: Logger;
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Tells the agent a downloaded update waits for a restart (tray / notification). */
  notifyReady?: (version: string) => void;
}

export interface AutoUpdate {
  /** Whether checks run (a feed is set and locked by the policy). */
  readonly active: boolean;
  /** Resolves when the start-up check has been asked (tests). */
  readonly ready: Promise<void>;
  stop(): void;
}

const HOUR_MS = 3_600_000;

export function setupAutoUpdate(options: AutoUpdateOptions): AutoUpdate {
  const { config, log } = options;
  if (config.feedUrl === '') return { active: false, ready: Promise.resolve(), stop: () => {} };
  if (!options.feedLockedByPolicy) {
    log.warn('updates.feedUrl is set but not locked by the policy file; no update checks', {
      feedUrl: config.feedUrl,
    });
    return { active: false, ready: Promise.resolve(), stop: () => {} };
  }

  let stopped = false;
  let timer: TimerHandle | undefined;
  const intervalMs = config.checkHours * HOUR_MS;

  const check = async (updater: UpdaterPort): Promise<void> => {
    try {
      await updater.checkForUpdates();
    } catch (error) {
      // The 'error' event logs it too; a failed check just waits for the next one.
      log.warn('update check failed', { error: errorText(error) });
    }
  };
  const scheduleNext = (updater: UpdaterPort) => {
    if (stopped) return;
    timer = options.clock.setTimeout(() => {
      void check(updater).finally(() => scheduleNext(updater));
    }, intervalMs);
  };

  const ready = (async () => {
    const updater = await (options.updater ?? loadElectronUpdater)();
    if (stopped) return;
    updater.autoDownload = true;
    // Installed when the agent quits the app, never forced while calls come in.
    updater.autoInstallOnAppQuit = true;
    updater.on('update-available', (info) =>
      log.info('update available', { version: info.version }),
    );
    updater.on('update-not-available', (info) =>
      log.info('no update available', { version: info.version }),
    );
    updater.on('update-downloaded', (info) => {
      log.info('update downloaded; installs when the app quits', { version: info.version });
      options.notifyReady?.(info.version);
    });
    updater.on('error', (error) => log.warn('update error', { error: errorText(error) }));
    updater.setFeedURL({ provider: 'generic', url: config.feedUrl });
    log.info('update checks on', { feedUrl: config.feedUrl, checkHours: config.checkHours });
    const first = check(updater);
    scheduleNext(updater);
    await first;
  })().catch((error: unknown) =>
    log.error('automatic updates could not start', { error: errorText(error) }),
  );

  return {
    active: true,
    ready,
    stop: () => {
      stopped = true;
      if (timer !== undefined) options.clock.clearTimeout(timer);
    },
  };
}

async function loadElectronUpdater(): Promise<UpdaterPort> {
  // electron-updater is CommonJS with a lazy `autoUpdater` getter; reach it through the default.
  const module = await import('electron-updater');
  return (module.default.autoUpdater ?? module.autoUpdater) as unknown as UpdaterPort;
}

function errorText(error: unknown): string {
  return errorMessage(error);
}
