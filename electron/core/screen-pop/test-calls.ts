// Calls that did not come from Accolades: the settings "Test" button and `demo` run the rules on
// a sample number through the same pipeline as a real call. These build what that pipeline takes.
import type { CallDirection, CallNotification } from '../calls.js';
import type { Clock } from '../ports.js';
import type { CallPreview } from '../rules/preview-call.js';
import type { CallRecord } from './call-record.js';

/** A notification as Accolades would have sent it for `rawNumber`. */
export function testCallNotification(
  rawNumber: string,
  direction: CallDirection,
  clock: Clock,
): CallNotification {
  return {
    direction,
    rawNumber,
    receivedAt: clock.nowMs(),
    receivedMono: clock.monotonicMs(),
    message: {
      type: direction === 'inbound' ? 'incomingCall' : 'outgoingCall',
      phoneNumber: rawNumber,
    },
  };
}

/**
 * A record whose actions are exactly those of `plan` (a preview with the rule under test), held
 * as a pending click so ScreenPop.runPlanned runs them. Never kept in the history.
 */
export function ruleTestRecord(
  plan: CallPreview,
  direction: CallDirection,
  crmId: string,
  nowMs: number,
): CallRecord {
  return {
    id: `test-${nowMs}`,
    direction,
    number: plan.number,
    crmId,
    receivedAt: nowMs,
    handledAt: nowMs,
    latencyMs: undefined,
    trace: plan.trace,
    outcome: { kind: 'suppressed', reason: 'click-mode-pending', why: 'rule test' },
    actions: [],
    pendingClick: true,
  };
}
