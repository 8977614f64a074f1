// The one fake clock for tests: time moves only when the test says so, timers fire in order.
import type { Clock, TimerHandle } from '../../electron/core/ports.js';

interface PendingTimer extends TimerHandle {
  id: number;
  dueMono: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private wallMs: number;
  private monoMs = 0;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  constructor(startWallMs = Date.UTC(2026, 10, 25, 9, 0, 0)) {
    this.wallMs = startWallMs;
  }

  nowMs(): number {
    return this.wallMs;
  }

  monotonicMs(): number {
    return this.monoMs;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = {
      id: this.nextId++,
      dueMono: this.monoMs + Math.max(0, ms),
      fn,
      unref() {},
    };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  /** Number of timers waiting to fire. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Delay until the next timer, or undefined when none is pending. */
  nextTimerDelay(): number | undefined {
    const next = this.sorted()[0];
    return next ? next.dueMono - this.monoMs : undefined;
  }

  /** Move both clocks forward, firing every timer that comes due, in order. */
  advance(ms: number): void {
    const target = this.monoMs + ms;
    for (;;) {
      const next = this.sorted()[0];
      if (!next || next.dueMono > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.wallMs += next.dueMono - this.monoMs;
      this.monoMs = next.dueMono;
      next.fn();
    }
    this.wallMs += target - this.monoMs;
    this.monoMs = target;
  }

  /**
   * The machine slept: both clocks jump but nothing fired meanwhile; the overdue timers fire
   * late, all at once, as Node's do after a suspend.
   */
  sleep(ms: number): void {
    this.wallMs += ms;
    this.monoMs += ms;
    const due = this.sorted().filter((t) => t.dueMono <= this.monoMs);
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const timer of due) timer.fn();
  }

  /** Only the wall clock moves (the user or NTP changed the time). */
  setWallClock(ms: number): void {
    this.wallMs = ms;
  }

  private sorted(): PendingTimer[] {
    return [...this.timers].sort((a, b) => a.dueMono - b.dueMono || a.id - b.id);
  }
}
