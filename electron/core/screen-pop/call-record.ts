// What happened to one call notification: kept in the call history, shown in the tray and
// written by the CLI. Suppressed pops are records too, so they can be opened later.
import type { CallDirection, PhoneNumberFormats } from '../calls.js';
import type { RuleTrace } from '../rules/trace.js';

export type SuppressReason =
  'duplicate' | 'flood' | 'paused' | 'click-mode-pending' | 'pop-off' | 'no-rule';

export type PopOutcome =
  | { kind: 'popped' }
  | { kind: 'suppressed'; reason: SuppressReason; why: string }
  | { kind: 'failed'; error: string };

/**
 * One action that was attempted, and how it went. `via` says where a URL opened and why there:
 * "tab 123 (reused)", "browser: no extension connected", "browser: extension silent 1500 ms"…
 * (absent in records written before the browser companion existed).
 */
export type ActionAttempt =
  | { kind: 'open'; ruleName: string; url: string; ok: true; via?: string }
  | { kind: 'open'; ruleName: string; url: string; ok: false; error: string; via?: string }
  | {
      kind: 'run';
      ruleName: string;
      program: string;
      args: string[];
      ok: true;
      pid: number | undefined;
    }
  | { kind: 'run'; ruleName: string; program: string; args: string[]; ok: false; error: string };

export interface CallRecord {
  id: string;
  /** Set on a record made by popAgain(): the id of the call popped again. */
  popAgainOf?: string;
  direction: CallDirection;
  number: PhoneNumberFormats;
  crmId: string;
  /** Wall-clock ms when the notification arrived. */
  receivedAt: number;
  /** Wall-clock ms when the pipeline finished with it. */
  handledAt: number;
  /** Monotonic ms between arrival and the end of handling (undefined for popAgain). */
  latencyMs: number | undefined;
  trace: RuleTrace;
  outcome: PopOutcome;
  actions: ActionAttempt[];
  /** Actions that wait for the agent to click the notification (pop: click). */
  pendingClick: boolean;
  /** The caller's name from the CRM lookup, added to the history when it arrives. */
  callerName?: string;
  /** How the caller-name lookup went, one line for the trace ("Caller-name lookup failed: …"). */
  lookupNote?: string;
}
