// Automatic updates: off unless the policy gives (and locks) an https feed; then the feed is set,
// checked at start and every `checkHours`, and a downloaded update is announced, not forced.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { configSchema, defaultConfig } from '../../electron/core/config/schema.js';

vi.mock('electron', () => import('../fakes/electron.js'));
import { electronFake, Notification } from '../fakes/electron.js';
import { showPlainNotification } from '../../electron/main/app-actions.js';
import { setupAutoUpdate, type UpdaterPort } from '../../electron/main/auto-update.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

class FakeUpdater extends EventEmitter implements UpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  readonly feeds: Array<{ provider: 'generic'; url: string }> = [];
  checks = 0;
  failNextCheck = false;
  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feeds.push(options);
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    if (this.failNextCheck) {
      this.failNextCheck = false;
      throw new Error('net::ERR_NAME_NOT_RESOLVED');
    }
    return null;
  }
}

/** Fires due timers, then lets the check's promise settle so the next one is scheduled. */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  clock.advance(ms);
  await new Promise((resolve) => setImmediate(resolve));
}

const FEED = 'https://updates.example.com/accolades/';

function updatesConfig(feedUrl: string, checkHours = 24) {
  return configSchema.parse({ updates: { feedUrl, checkHours } }).updates;
}

describe('setupAutoUpdate', () => {
  let updater: FakeUpdater;
  let loads: number;
  let clock: FakeClock;
  let log: MemoryLogger;
  const load = async () => {
    loads += 1;
    return updater;
  };

  beforeEach(() => {
    electronFake.reset();
    updater = new FakeUpdater();
    loads = 0;
    clock = new FakeClock();
    log = new MemoryLogger();
  });

  it('is off by default: the updater is never loaded and nothing is scheduled', async () => {
    expect(defaultConfig().updates).toEqual({ feedUrl: '', checkHours: 24 });
    const auto = setupAutoUpdate({
      config: defaultConfig().updates,
      feedLockedByPolicy: true,
      updater: load,
      log,
      clock,
    });
    await auto.ready;
    expect(auto.active).toBe(false);
    expect(loads).toBe(0);
    expect(updater.feeds).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('sets the policy feed, checks at start and every checkHours, installs only on quit', async () => {
    const auto = setupAutoUpdate({
      config: updatesConfig(FEED, 6),
      feedLockedByPolicy: true,
      updater: load,
      log,
      clock,
    });
    await auto.ready;
    expect(auto.active).toBe(true);
    expect(updater.feeds).toEqual([{ provider: 'generic', url: FEED }]);
    expect(updater.checks).toBe(1);
    expect(updater.autoInstallOnAppQuit).toBe(true);

    updater.failNextCheck = true;
    await advance(clock, 6 * 3_600_000 - 1);
    expect(updater.checks).toBe(1);
    await advance(clock, 1);
    expect(updater.checks).toBe(2);
    await advance(clock, 6 * 3_600_000);
    expect(updater.checks).toBe(3); // a failed check did not stop the schedule
    expect(log.text()).toContain('ERR_NAME_NOT_RESOLVED');

    auto.stop();
    await advance(clock, 24 * 3_600_000);
    expect(updater.checks).toBe(3);
  });

  it('announces a downloaded update through a notification and the log', async () => {
    const auto = setupAutoUpdate({
      config: updatesConfig(FEED),
      feedLockedByPolicy: true,
      updater: load,
      log,
      clock,
      notifyReady: (version) =>
        showPlainNotification('Update ready', `Version ${version} installs when you restart.`),
    });
    await auto.ready;
    updater.emit('update-downloaded', { version: '1.2.3' });
    expect(Notification.instances).toHaveLength(1);
    expect(JSON.stringify(Notification.instances[0]!.options)).toContain('1.2.3');
    expect(log.text()).toContain('update downloaded');
    auto.stop();
  });

  it('ignores a feed the policy does not lock (an imported settings file cannot set one)', async () => {
    const auto = setupAutoUpdate({
      config: updatesConfig(FEED),
      feedLockedByPolicy: false,
      updater: load,
      log,
      clock,
    });
    await auto.ready;
    expect(auto.active).toBe(false);
    expect(loads).toBe(0);
    expect(log.text()).toContain('not locked');
  });

  it('refuses a plain-http feed, or one with credentials, in the schema', () => {
    for (const feedUrl of [
      'http://updates.example.com/',
      'https://user:pw@updates.example.com/',
      'updates',
    ]) {
      const parsed = configSchema.safeParse({ updates: { feedUrl } });
      expect(parsed.success, feedUrl).toBe(false);
      expect(JSON.stringify(parsed.error?.issues)).toContain('https://');
    }
    expect(configSchema.safeParse({ updates: { feedUrl: FEED } }).success).toBe(true);
    expect(configSchema.safeParse({ updates: { checkHours: 0 } }).success).toBe(false);
  });
});
