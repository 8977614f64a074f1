// How long the extension waits before reconnecting to the bridge: pure, so Node tests it.

const FIRST_RETRY_MS = 500;
/** Loopback attempts are cheap; an agent should not wait long after the connector is back. */
const MAX_RETRY_MS = 10_000;

/** Delay before reconnect attempt `attempt` (0-based): doubling, capped, ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.8 + 0.4 * random()));
}
