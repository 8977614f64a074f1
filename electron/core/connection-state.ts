// The connection supervisor's states. Every consumer (tray icon, status line, CLI output,
// bridge) reads this one shape.

export type ConnectionPhase =
  | 'connecting'
  | 'authenticating'
  | 'connected'
  /** authFailed ID_NOT_FOUND: the agent is not logged in to the Accolades Agent page. */
  | 'waiting-for-agent-login'
  /** authFailed IP_MISSMATCH: browser and connector leave through different public IPs. */
  | 'ip-mismatch'
  /** authFailed CONNECTION_EXISTS: another connector holds the agent's only slot. */
  | 'slot-taken'
  /** authFailed with a reason we do not know; shown verbatim. */
  | 'auth-rejected'
  | 'backing-off'
  /** Not configured (no CRM ID) or the configuration is invalid. */
  | 'needs-configuration'
  | 'stopped';

import type { LinkFailure } from './connection/link-failure.js';

export interface ConnectionState {
  phase: ConnectionPhase;
  /**
   * The English sentence for the CLI and the bridge, made from phase + reason by
   * status-lines.ts; the app localises the same facts itself.
   */
  statusLine: string;
  /** While backing off: how long until the next attempt, as scheduled (the "retrying in" line). */
  retryInMs?: number;
  /** Wall-clock ms of the next attempt, when one is scheduled. */
  nextAttemptAt?: number;
  /** Consecutive failed attempts since the last stable connection. */
  attempt: number;
  /** The authFailed reason or transport error behind this state, verbatim. */
  detail?: string;
  /** While backing off: what failed (code + endpoint), so each UI can say it in its language. */
  failure?: LinkFailure;
  /** API version from the auth success message, when connected. */
  serverVersion?: string;
}

/** States that need the agent or admin to do something (tray "attention" icon). */
export function needsAttention(phase: ConnectionPhase): boolean {
  return (
    phase === 'waiting-for-agent-login' ||
    phase === 'ip-mismatch' ||
    phase === 'slot-taken' ||
    phase === 'auth-rejected' ||
    phase === 'needs-configuration'
  );
}
