// Sleep, lock and network changes kill sockets without telling them. When the machine wakes,
// the screen unlocks or the network comes back, reconnect at once instead of waiting for the
// heartbeat to notice. Electron's main process has no "online" event, so we poll net.isOnline().
import { net, powerMonitor } from 'electron';
import type { Clock, Logger, TimerHandle } from '../core/ports.js';

const ONLINE_POLL_MS = 5_000;

export interface PowerEventsOptions {
  reconnectNow: () => void;
  log: Logger;
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  isOnline?: () => boolean;
  pollMs?: number;
}

export function setupPowerEvents(options: PowerEventsOptions): () => void {
  const { log } = options;
  const reconnect = (why: string) => () => {
    log.info(`${why}: reconnecting now`);
    options.reconnectNow();
  };
  const onResume = reconnect('resumed from sleep');
  const onUnlock = reconnect('screen unlocked');
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);

  const isOnline = options.isOnline ?? (() => net.isOnline());
  const onOnline = reconnect('network is back');
  let wasOnline = isOnline();
  let timer: TimerHandle | undefined;
  const poll = () => {
    const online = isOnline();
    if (online && !wasOnline) onOnline();
    wasOnline = online;
    timer = options.clock.setTimeout(poll, options.pollMs ?? ONLINE_POLL_MS);
    timer.unref?.();
  };
  timer = options.clock.setTimeout(poll, options.pollMs ?? ONLINE_POLL_MS);
  timer.unref?.();

  return () => {
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onUnlock);
    if (timer) options.clock.clearTimeout(timer);
  };
}
