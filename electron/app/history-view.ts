// Turns the core's CallRecord and RuleTrace into the plain views the pages and the tray show.
// Pure functions: no Electron, so the renderer tests use them through the real handlers.
// The core's metadata set (see core/phone/normalize-phone.ts): one set loaded, not two.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PhoneNumberFormats } from '../core/calls.js';
import type { PlannedAction as CorePlannedAction, RuleTrace } from '../core/rules/trace.js';
import type { ContactMatch } from '../core/lookup/contact-matches.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import type {
  ActionOutcome,
  CallOutcome,
  ContactView,
  HistoryEntryView,
  PlannedAction,
  RuleTraceStep,
} from '../shared/ipc-contract.js';

/** "+40 712 345 678" for numbers we understand, the number as received otherwise. */
export function displayNumber(number: PhoneNumberFormats): string {
  if (number.kind === 'withheld') return number.raw.trim() === '' ? 'Withheld' : number.raw;
  if (number.e164) {
    const parsed = parsePhoneNumberFromString(number.e164);
    if (parsed) return parsed.formatInternational();
  }
  return number.raw;
}

export function traceSteps(trace: RuleTrace): RuleTraceStep[] {
  return trace.tried.map((entry) => ({
    index: entry.index,
    name: entry.name,
    matched: entry.matched,
    reason: entry.why,
  }));
}

export function plannedAction(action: CorePlannedAction): PlannedAction | undefined {
  if (!action.ok) return undefined;
  return action.kind === 'open'
    ? { kind: 'open', url: action.url }
    : { kind: 'run', program: action.program, args: [...action.args] };
}

function callOutcome(record: CallRecord): CallOutcome {
  const outcome = record.outcome;
  if (outcome.kind === 'popped') return 'popped';
  if (outcome.kind === 'failed') return 'failed';
  switch (outcome.reason) {
    case 'click-mode-pending':
      return 'click-to-pop';
    case 'paused':
      return 'paused';
    case 'pop-off':
      return 'off';
    case 'no-rule':
      return 'no-rule';
    default:
      return 'suppressed';
  }
}

function summary(record: CallRecord): string {
  const outcome = record.outcome;
  if (outcome.kind === 'suppressed') return outcome.why;
  if (outcome.kind === 'failed') return outcome.error;
  return record.trace.summary;
}

function actionOutcomes(record: CallRecord): ActionOutcome[] {
  return record.actions.map((attempt) => ({
    action:
      attempt.kind === 'open'
        ? { kind: 'open', url: attempt.url }
        : { kind: 'run', program: attempt.program, args: [...attempt.args] },
    ok: attempt.ok,
    ...(attempt.ok ? {} : { error: attempt.error }),
  }));
}

export function historyEntryView(record: CallRecord): HistoryEntryView {
  const winner = record.trace.winners[0];
  const ruleName = winner === undefined ? undefined : record.trace.tried[winner]?.name;
  return {
    id: record.id,
    time: record.receivedAt,
    direction: record.direction,
    number: record.number,
    display: displayNumber(record.number),
    outcome: callOutcome(record),
    summary: summary(record),
    ...(ruleName === undefined ? {} : { ruleName }),
    trace: traceSteps(record.trace),
    actions: actionOutcomes(record),
    canReopen: record.trace.actions.some((action) => action.ok && action.pop !== 'off'),
    canCallBack: record.number.kind === 'external' || record.number.kind === 'internal',
    ...(record.callerName === undefined ? {} : { callerName: record.callerName }),
    ...(record.lookupNote === undefined ? {} : { lookupNote: record.lookupNote }),
    ...(Array.isArray(record.contacts) ? { contacts: record.contacts.map(contactView) } : {}),
    ...(record.pickContact === true ? { pickContact: true } : {}),
  };
}

/** A stored contact for the pages: plain text, and only the host of its link. */
export function contactView(contact: ContactMatch): ContactView {
  const view: ContactView = {};
  if (typeof contact.name === 'string') view.name = contact.name;
  if (typeof contact.company === 'string') view.company = contact.company;
  if (typeof contact.url === 'string') {
    try {
      view.host = new URL(contact.url).host;
    } catch {
      // A damaged link shows no host; opening it is refused in main anyway.
    }
  }
  return view;
}
