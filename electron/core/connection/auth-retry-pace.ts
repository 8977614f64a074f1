// How soon to try again after the server answered authFailed. These are not network hiccups:
// the agent is not logged in, the IPs differ, or another connector holds the slot. Retrying
// fast only hammers the server, so each reason has a slow, growing, jittered pace.
import type { ConnectionPhase } from '../connection-state.js';
import type { Random } from '../ports.js';

export interface AuthRetryPace {
  /** The first retry waits at least this long. */
  firstMs: number;
  /** The wait doubles per consecutive failure up to this floor. */
  maxMs: number;
}

/** Jitter adds up to this fraction on top of the floor, so many agents do not retry in step. */
export const AUTH_RETRY_JITTER = 0.25;

export const AUTH_RETRY_PACES: Readonly<Record<string, AuthRetryPace>> = {
  // The agent will log in to the browser eventually; check about every 15 s, slowing to 60 s.
  ID_NOT_FOUND: { firstMs: 15_000, maxMs: 60_000 },
  // Needs someone to change the network (VPN/proxy): at least a minute apart.
  IP_MISSMATCH: { firstMs: 60_000, maxMs: 300_000 },
  // Another connector holds the slot; it may let go (page closed), so keep checking slowly.
  CONNECTION_EXISTS: { firstMs: 30_000, maxMs: 120_000 },
};

/** For reasons the docs do not list, and for other non-transient refusals (proxy 407). */
export const UNKNOWN_REASON_PACE: AuthRetryPace = { firstMs: 60_000, maxMs: 300_000 };

export function authRetryPace(reason: string): AuthRetryPace {
  return Object.hasOwn(AUTH_RETRY_PACES, reason) ? AUTH_RETRY_PACES[reason]! : UNKNOWN_REASON_PACE;
}

/**
 * Delay before retry number `failures` (0 = after the first refusal) for this reason:
 * floor = min(maxMs, firstMs·2^failures), delay in [floor, floor·(1 + AUTH_RETRY_JITTER)).
 */
export function authRetryDelay(reason: string, failures: number, random: Random): number {
  const pace = authRetryPace(reason);
  const floor = Math.min(pace.maxMs, pace.firstMs * 2 ** Math.max(0, failures));
  return Math.floor(floor + random() * floor * AUTH_RETRY_JITTER);
}

const AUTH_FAILURE_PHASES: Readonly<Record<string, ConnectionPhase>> = {
  ID_NOT_FOUND: 'waiting-for-agent-login',
  IP_MISSMATCH: 'ip-mismatch',
  CONNECTION_EXISTS: 'slot-taken',
};

/** The supervisor phase an authFailed reason leads to; unknown reasons → 'auth-rejected'. */
export function authFailurePhase(reason: string): ConnectionPhase {
  return Object.hasOwn(AUTH_FAILURE_PHASES, reason)
    ? AUTH_FAILURE_PHASES[reason]!
    : 'auth-rejected';
}
