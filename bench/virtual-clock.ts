// A Clock whose time moves only when the bench says so: the recovery bench runs the real
// supervisor and its production backoff, and skips the waiting (timers still fire in order).
import type { Clock, TimerHandle } from '../electron/core/ports.js';

interface Timer extends TimerHandle {
  due: number;
  seq: number;
  fn: () => void;
}

export class VirtualClock implements Clock {
  private now = 0;
  private seq = 0;
  private timers: Timer[] = [];

  nowMs(): number {
    return 1_800_000_000_000 + this.now;
  }
  monotonicMs(): number {
    return this.now;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: Timer = { due: this.now + Math.max(0, ms), seq: this.seq++, fn, unref() {} };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  /** When the next timer is due, or undefined. */
  nextDue(): number | undefined {
    return this.sorted()[0]?.due;
  }
  /** Move to `target`, firing every timer due on the way, in order. */
  advanceTo(target: number): void {
    for (;;) {
      const next = this.sorted()[0];
      if (!next || next.due > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.now = next.due;
      next.fn();
    }
    this.now = Math.max(this.now, target);
  }
  private sorted(): Timer[] {
    return [...this.timers].sort((a, b) => a.due - b.due || a.seq - b.seq);
  }
}
