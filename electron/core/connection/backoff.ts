// Reconnect delays: capped exponential backoff with "full jitter" (AWS architecture blog,
// "Exponential Backoff and Jitter"): delay = random(0, min(cap, base·2^n)). Full jitter
// spreads a crowd of clients reconnecting after a server restart across the whole window.
import type { Random } from '../ports.js';

export interface BackoffOptions {
  /** Window for the first retry; default 1 s. */
  baseMs?: number;
  /** Largest window; default 30 s. */
  capMs?: number;
}

export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_CAP_MS = 30_000;

/** The delay before retry number `attempt` (0 = first retry after a failure). */
export function fullJitterDelay(
  attempt: number,
  random: Random,
  options: BackoffOptions = {},
): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const cap = options.capMs ?? DEFAULT_BACKOFF_CAP_MS;
  // 2^n overflows to Infinity for huge n; Math.min keeps it at the cap.
  const window = Math.min(cap, base * 2 ** Math.max(0, attempt));
  return Math.floor(random() * window);
}

/** Counts consecutive failures and hands out the next delay. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly random: Random,
    private readonly options: BackoffOptions = {},
  ) {}

  /** Consecutive failures so far. */
  get attempt(): number {
    return this.failures;
  }

  /** Delay for the next retry; counts one more failure. */
  next(): number {
    const delay = fullJitterDelay(this.failures, this.random, this.options);
    this.failures += 1;
    return delay;
  }

  /** After a stable connection: the next failure starts from the base window again. */
  reset(): void {
    this.failures = 0;
  }
}
