// What rule evaluation reports: each rule tried and why it matched or not, and the actions the
// winners would take. Plain data shared by the evaluator, the compiled rules, the history and the
// settings preview, in its own file so none of them imports another just for its types.
import type { CallDirection, PhoneNumberFormats } from '../calls.js';
import type { OpenIn, PopMode } from '../config/schema.js';

export interface ConditionCheck {
  passed: boolean;
  /** Plain words, e.g. "the call is inbound; the rule wants outbound". */
  why: string;
}

/** A rendered action of a matching rule, or why it could not be rendered. */
export type PlannedAction =
  | {
      kind: 'open';
      ruleIndex: number;
      ruleName: string;
      pop: PopMode;
      ok: true;
      url: string;
      /** Where the URL opens; absent means `auto` (also in records written before it existed). */
      openIn?: OpenIn;
    }
  | {
      kind: 'run';
      ruleIndex: number;
      ruleName: string;
      pop: PopMode;
      ok: true;
      program: string;
      args: string[];
    }
  | {
      kind: 'open' | 'run';
      ruleIndex: number;
      ruleName: string;
      pop: PopMode;
      ok: false;
      error: string;
    };

export interface RuleTraceEntry {
  index: number;
  name: string;
  matched: boolean;
  /** Each condition in order; evaluation stops at the first that fails. */
  checks: {
    direction: ConditionCheck;
    internal?: ConditionCheck;
    withheld?: ConditionCheck;
    pattern?: ConditionCheck;
  };
  /** One sentence: why this rule matched or not. */
  why: string;
}

export type NothingReason = 'no-rule' | 'pop-off' | 'render-error';

export interface RuleTrace {
  direction: CallDirection;
  number: PhoneNumberFormats;
  /** Every rule tried, in order (rules after a winner without `continue` are not tried). */
  tried: RuleTraceEntry[];
  /** Indexes of the rules that matched and act. */
  winners: number[];
  /** Rendered actions of the winners, pop mode included (auto / click / off). */
  actions: PlannedAction[];
  /** Set when nothing would be opened or run, even on click. */
  nothing?: { reason: NothingReason; why: string };
  /** One line for logs and the history view. */
  summary: string;
}
