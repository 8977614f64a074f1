// Finds dead links (ws README, "How to detect and close broken connections"): TCP can keep a
// connection "open" for hours after the other side vanished (half-open), so we ping every
// interval and declare the link dead when nothing at all arrives within the timeout after one.
import type { Clock, TimerHandle } from '../ports.js';

export interface HeartbeatTiming {
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

export class Heartbeat {
  private pingTimer: TimerHandle | undefined;
  private deadline: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly timing: HeartbeatTiming,
    private readonly sendPing: () => void,
    private readonly onDead: () => void,
  ) {}

  /** Start pinging (idempotent restart). */
  start(): void {
    this.stop();
    this.schedulePing();
  }

  stop(): void {
    if (this.pingTimer) this.clock.clearTimeout(this.pingTimer);
    if (this.deadline) this.clock.clearTimeout(this.deadline);
    this.pingTimer = undefined;
    this.deadline = undefined;
  }

  /** Any frame or pong from the server proves the link is alive. */
  sawActivity(): void {
    if (this.deadline) this.clock.clearTimeout(this.deadline);
    this.deadline = undefined;
  }

  private schedulePing(): void {
    this.pingTimer = this.clock.setTimeout(() => {
      this.schedulePing();
      // Keep the first unanswered ping's deadline: a later ping must not push it back.
      if (!this.deadline) {
        this.deadline = this.clock.setTimeout(() => {
          this.deadline = undefined;
          this.stop();
          this.onDead();
        }, this.timing.pongTimeoutMs);
        this.deadline.unref?.();
      }
      this.sendPing();
    }, this.timing.pingIntervalMs);
    this.pingTimer.unref?.();
  }
}
