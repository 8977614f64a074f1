// Runs the readiness checks of one backoff wait: a check every probeIntervalMs (the next one
// only after the previous answered, so never a tight loop, never two at once), until the
// server accepts or the scheduled retry is about to come anyway. When the server accepts, it
// hands the supervisor a small random delay for the early attempt.
import type { Clock, Logger, Random, TimerHandle } from '../ports.js';
import type { ConnectionTiming } from './connection-timing.js';
import type { ReadinessProbe } from './readiness-probe.js';

type WatchTiming = Pick<
  ConnectionTiming,
  'probeIntervalMs' | 'probeTimeoutMs' | 'probeReconnectWindowMs'
>;

export class ReadinessWatch {
  private timer: TimerHandle | undefined;
  /** Bumped by every start/stop, so a check answering late is ignored. */
  private round = 0;
  private retryDueMono = 0;

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly timing: WatchTiming,
    private readonly log: Logger,
    /** The check and where it knocks; undefined: never check. */
    private readonly probe: { check: ReadinessProbe; host: string; port: number } | undefined,
  ) {}

  /**
   * Watch one backoff wait whose retry is due at `retryDueMono`; `onBack(delayMs)` is called
   * at most once, when the server accepts and an attempt after delayMs beats the retry.
   */
  start(retryDueMono: number, onBack: (delayMs: number) => void): void {
    this.stop();
    this.retryDueMono = retryDueMono;
    const remaining = retryDueMono - this.clock.monotonicMs();
    // Nothing to gain when the retry comes before the first check would.
    if (this.probe && remaining > this.timing.probeIntervalMs) this.schedule(this.round, onBack);
  }

  stop(): void {
    this.round += 1;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(round: number, onBack: (delayMs: number) => void): void {
    const probe = this.probe!;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      let answer: Promise<boolean>;
      try {
        answer = probe.check({
          host: probe.host,
          port: probe.port,
          timeoutMs: this.timing.probeTimeoutMs,
        });
      } catch {
        answer = Promise.resolve(false);
      }
      answer.then(
        (accepted) => this.answered(round, accepted === true, onBack),
        () => this.answered(round, false, onBack),
      );
    }, this.timing.probeIntervalMs);
    this.timer.unref?.();
  }

  private answered(round: number, accepted: boolean, onBack: (delayMs: number) => void): void {
    if (round !== this.round) return;
    const remaining = this.retryDueMono - this.clock.monotonicMs();
    if (!accepted) {
      // Check again only if the retry is not due before the next check anyway.
      if (remaining > this.timing.probeIntervalMs) this.schedule(round, onBack);
      return;
    }
    // The server accepts again. A small random delay keeps a crowd of clients that all saw it
    // within the same second from arriving in the same millisecond.
    const delay = Math.floor(this.random() * this.timing.probeReconnectWindowMs);
    if (delay >= remaining) return;
    this.log.info('the server accepts connections again; reconnecting early', {
      delayMs: delay,
      insteadOfMs: remaining,
    });
    this.stop();
    onBack(delay);
  }
}
