// Flood limit for automatic pops: up to `burst` at once, then one every `refillMs`, so a busy
// queue never stacks ten browser tabs. Time comes from the caller's monotonic clock.

export interface TokenBucketSettings {
  burst: number;
  refillMs: number;
}

export class TokenBucket {
  private tokens: number | undefined;
  private lastMono = 0;

  /** Takes one token if there is one; settings are read on each call so config edits apply at once. */
  tryTake(nowMono: number, settings: TokenBucketSettings): boolean {
    this.refill(nowMono, settings);
    if ((this.tokens ?? 0) < 1) return false;
    this.tokens = (this.tokens ?? 0) - 1;
    return true;
  }

  /** Tokens available now (fractional while refilling). */
  available(nowMono: number, settings: TokenBucketSettings): number {
    this.refill(nowMono, settings);
    return this.tokens ?? 0;
  }

  private refill(nowMono: number, { burst, refillMs }: TokenBucketSettings): void {
    const capacity = Math.max(1, burst);
    if (this.tokens === undefined) {
      this.tokens = capacity;
    } else {
      const elapsed = Math.max(0, nowMono - this.lastMono);
      const gained = refillMs <= 0 ? capacity : elapsed / refillMs;
      this.tokens = Math.min(capacity, this.tokens + gained);
    }
    this.lastMono = nowMono;
  }
}
