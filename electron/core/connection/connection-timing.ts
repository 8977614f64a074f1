// Every timeout of the supervisor in one place. Production uses the defaults; tests may shrink
// them (most tests use a FakeClock instead and keep the defaults).

export interface ConnectionTiming {
  /** TCP + TLS + WebSocket upgrade AND the auth answer must arrive within this. */
  handshakeTimeoutMs: number;
  /** Send a ws ping this often while connected. */
  pingIntervalMs: number;
  /** After a ping, some frame (pong or anything) must arrive within this, or the link is dead. */
  pongTimeoutMs: number;
  /** Connected and authenticated this long → the failure counter starts over. */
  stableAfterMs: number;
  /** How often the sleep detector ticks. */
  tickIntervalMs: number;
  /** A tick this much past due means the machine slept (or the clock jumped): reconnect. */
  lateTickThresholdMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /**
   * While waiting out a backoff delay longer than this, check this often (after the previous
   * check answered) whether the server accepts TCP again.
   */
  probeIntervalMs: number;
  /** A readiness check that has no answer after this long counts as "not back yet". */
  probeTimeoutMs: number;
  /** Once a check succeeds, the real attempt comes after a random delay in [0, this). */
  probeReconnectWindowMs: number;
}

export const DEFAULT_CONNECTION_TIMING: Readonly<ConnectionTiming> = {
  handshakeTimeoutMs: 10_000,
  // Worst case for a link that dies right after answering a ping: 15 s to the next ping + 10 s
  // without any frame = 25 s (the reliability notes' bound), with margin against a 40 s goal.
  pingIntervalMs: 15_000,
  pongTimeoutMs: 10_000,
  stableAfterMs: 5_000,
  tickIntervalMs: 5_000,
  lateTickThresholdMs: 15_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 30_000,
  probeIntervalMs: 1_000,
  probeTimeoutMs: 1_000,
  probeReconnectWindowMs: 1_000,
};
