// Notices that the machine slept: a periodic tick that fires far past its due time. Both
// clocks are checked because a real monotonic clock may stand still during suspend while the
// wall clock moves on; a false alarm from a wall-clock change only costs one reconnect.
import type { Clock, TimerHandle } from '../ports.js';

export interface SleepDetectorTiming {
  tickIntervalMs: number;
  lateTickThresholdMs: number;
}

export class SleepDetector {
  private handle: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly timing: SleepDetectorTiming,
    private readonly onLate: (lateByMs: number) => void,
  ) {}

  start(): void {
    if (!this.handle) this.schedule();
  }

  stop(): void {
    if (this.handle) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private schedule(): void {
    const dueMono = this.clock.monotonicMs() + this.timing.tickIntervalMs;
    const dueWall = this.clock.nowMs() + this.timing.tickIntervalMs;
    this.handle = this.clock.setTimeout(() => {
      this.schedule();
      const lateBy = Math.max(this.clock.monotonicMs() - dueMono, this.clock.nowMs() - dueWall);
      if (lateBy > this.timing.lateTickThresholdMs) this.onLate(lateBy);
    }, this.timing.tickIntervalMs);
    this.handle.unref?.();
  }
}
