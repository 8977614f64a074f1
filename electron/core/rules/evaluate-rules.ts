// Which rules apply to a call, and why: a pure function that powers the screen-pop pipeline,
// the CLI `render` command and the settings "live preview". It never opens or starts anything.
import type { CallDirection, PhoneNumberFormats } from '../calls.js';
import type { PopMode, ScreenPopRule } from '../config/schema.js';
import { renderProgram } from '../templates/program-template.js';
import type { TemplateValues } from '../templates/template-values.js';
import { renderUrl, type UrlPolicy } from '../templates/url-template.js';
import { compileNumberPattern } from './check-rule.js';

export interface RuleContext extends TemplateValues {
  /** The admin's config.screenPop.allowHttp. */
  allowHttp: boolean;
}

export interface ConditionCheck {
  passed: boolean;
  /** Plain words, e.g. "the call is inbound; the rule wants outbound". */
  why: string;
}

/** A rendered action of a matching rule, or why it could not be rendered. */
export type PlannedAction =
  | { kind: 'open'; ruleIndex: number; ruleName: string; pop: PopMode; ok: true; url: string }
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

export function evaluateRules(rules: readonly ScreenPopRule[], context: RuleContext): RuleTrace {
  const policy: UrlPolicy = { allowHttp: context.allowHttp };
  const tried: RuleTraceEntry[] = [];
  const winners: number[] = [];
  const actions: PlannedAction[] = [];

  for (const [index, rule] of rules.entries()) {
    const entry = tryRule(rule, index, context);
    tried.push(entry);
    if (!entry.matched) continue;
    winners.push(index);
    actions.push(...planActions(rule, index, context, policy));
    if (!rule.continue) break;
  }

  const trace: RuleTrace = {
    direction: context.direction,
    number: context.number,
    tried,
    winners,
    actions,
    summary: '',
  };
  const runnable = actions.filter((a) => a.ok && a.pop !== 'off');
  if (winners.length === 0) {
    trace.nothing = {
      reason: 'no-rule',
      why: rules.length === 0 ? 'There are no screen-pop rules.' : 'No rule matched this call.',
    };
  } else if (actions.length > 0 && actions.every((a) => a.pop === 'off')) {
    trace.nothing = { reason: 'pop-off', why: 'The matching rule is set to pop: off.' };
  } else if (runnable.length === 0) {
    const errors = actions
      .filter((a) => !a.ok)
      .map((a) => (a.ok ? '' : `${a.ruleName}: ${a.error}`));
    trace.nothing = {
      reason: 'render-error',
      why: errors.length > 0 ? errors.join(' ') : 'The matching rule has nothing to open or run.',
    };
  }
  trace.summary = summarize(trace);
  return trace;
}

function tryRule(rule: ScreenPopRule, index: number, context: RuleContext): RuleTraceEntry {
  const checks: RuleTraceEntry['checks'] = { direction: checkDirection(rule, context.direction) };
  const entry = (matched: boolean, why: string): RuleTraceEntry => ({
    index,
    name: rule.name,
    matched,
    checks,
    why,
  });
  if (!checks.direction.passed) return entry(false, checks.direction.why);

  const kind = context.number.kind;
  if (kind === 'internal') {
    checks.internal = rule.internal
      ? { passed: true, why: 'the number is internal and the rule accepts internal numbers' }
      : {
          passed: false,
          why: `${context.number.raw} is an internal number and the rule skips internal numbers`,
        };
    if (!checks.internal.passed) return entry(false, checks.internal.why);
  }
  if (kind === 'withheld') {
    checks.withheld = rule.withheld
      ? { passed: true, why: 'the number is withheld and the rule accepts withheld numbers' }
      : { passed: false, why: 'the number is withheld and the rule skips withheld numbers' };
    if (!checks.withheld.passed) return entry(false, checks.withheld.why);
  }
  if (rule.numberPattern !== undefined && rule.numberPattern !== '') {
    checks.pattern = checkPattern(rule.numberPattern, context.number);
    if (!checks.pattern.passed) return entry(false, checks.pattern.why);
  }
  const reasons = [checks.direction, checks.internal, checks.withheld, checks.pattern].filter(
    (c) => c !== undefined,
  );
  return entry(true, `matched: ${reasons.map((c) => c.why).join('; ')}`);
}

function checkDirection(rule: ScreenPopRule, direction: CallDirection): ConditionCheck {
  if (rule.direction === 'any')
    return { passed: true, why: `the rule takes any direction (the call is ${direction})` };
  return rule.direction === direction
    ? { passed: true, why: `the call is ${direction}, as the rule wants` }
    : { passed: false, why: `the call is ${direction}; the rule wants ${rule.direction}` };
}

function checkPattern(pattern: string, number: PhoneNumberFormats): ConditionCheck {
  const compiled = compileNumberPattern(pattern);
  if (!compiled.ok) return { passed: false, why: compiled.error };
  const candidates: [string, string | undefined][] = [
    ['as received', number.raw],
    ['E.164', number.e164],
    ['national', number.national],
    ['digits', number.digits],
  ];
  for (const [label, value] of candidates) {
    if (value !== undefined && compiled.regex.test(value)) {
      return { passed: true, why: `the number pattern /${pattern}/ matches ${label} "${value}"` };
    }
  }
  return {
    passed: false,
    why: `the number pattern /${pattern}/ matches none of the number's formats`,
  };
}

function planActions(
  rule: ScreenPopRule,
  index: number,
  context: RuleContext,
  policy: UrlPolicy,
): PlannedAction[] {
  const base = { ruleIndex: index, ruleName: rule.name, pop: rule.pop };
  const planned: PlannedAction[] = [];
  if (rule.open !== undefined) {
    const url = renderUrl(rule.open, context, policy);
    planned.push(
      url.ok
        ? { ...base, kind: 'open', ok: true, url: url.url }
        : { ...base, kind: 'open', ok: false, error: url.error },
    );
  }
  if (rule.run !== undefined) {
    const program = renderProgram(rule.run, context);
    planned.push(
      program.ok
        ? { ...base, kind: 'run', ok: true, program: program.program, args: program.args }
        : { ...base, kind: 'run', ok: false, error: program.error },
    );
  }
  return planned;
}

function summarize(trace: RuleTrace): string {
  const who = `${trace.direction} ${trace.number.e164 ?? (trace.number.raw || '(withheld)')}`;
  if (trace.nothing) return `${who}: nothing to do. ${trace.nothing.why}`;
  const parts = trace.actions.map((a) => {
    if (!a.ok) return `rule "${a.ruleName}" ${a.kind} failed: ${a.error}`;
    const what =
      a.kind === 'open' ? `open ${a.url}` : `run ${JSON.stringify([a.program, ...a.args])}`;
    return `rule "${a.ruleName}" (${a.pop}): ${what}`;
  });
  return `${who}: ${parts.join('; ')}`;
}
