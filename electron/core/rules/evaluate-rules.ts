// Which rules apply to a call, and why: a pure function that powers the screen-pop pipeline,
// the CLI `render` command and the settings "live preview". It never opens or starts anything.
import type { ScreenPopRule } from '../config/schema.js';
import { renderCompiledProgram } from '../templates/program-template.js';
import type { TemplateValues } from '../templates/template-values.js';
import { renderCompiledUrl, type UrlPolicy } from '../templates/url-template.js';
import { compiledRule, type CompiledRule } from './compiled-rule.js';
import { matchNumberPattern } from './number-pattern.js';
import type { PlannedAction, RuleTrace, RuleTraceEntry } from './trace.js';

export interface RuleContext extends TemplateValues {
  /** The admin's config.screenPop.allowHttp. */
  allowHttp: boolean;
}

export interface EvaluateOptions {
  /**
   * false: leave `summary` empty; the caller fills it in later with summarizeTrace() (the
   * screen-pop pipeline does, after the action has started, so the pop does not wait for it).
   */
  summary?: boolean;
}

export function evaluateRules(
  rules: readonly ScreenPopRule[],
  context: RuleContext,
  options: EvaluateOptions = {},
): RuleTrace {
  const policy: UrlPolicy = { allowHttp: context.allowHttp };
  const tried: RuleTraceEntry[] = [];
  const winners: number[] = [];
  const actions: PlannedAction[] = [];

  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    // Patterns, templates and the checks' fixed sentences are prepared once per rule object.
    const compiled = compiledRule(rule);
    const entry = tryRule(rule, compiled, index, context);
    tried.push(entry);
    if (!entry.matched) continue;
    winners.push(index);
    planActions(rule, compiled, index, context, policy, actions);
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
  if (options.summary !== false) trace.summary = summarizeTrace(trace);
  return trace;
}

function tryRule(
  rule: ScreenPopRule,
  compiled: CompiledRule,
  index: number,
  context: RuleContext,
): RuleTraceEntry {
  const kind = context.number.kind;
  // An entry that depends only on the rule, its place and the direction (and the kind of
  // number) is the same for every call: one shared, frozen object instead of one per call.
  const shareable =
    compiled.pattern === undefined && kind !== 'internal'
      ? `${index}|${context.direction}|${kind}`
      : undefined;
  const shared = shareable === undefined ? undefined : compiled.sharedEntries.get(shareable);
  if (shared) return shared;
  const entry = evaluateRule(rule, compiled, index, context);
  if (shareable !== undefined || !entry.checks.direction.passed) {
    compiled.sharedEntries.set(
      shareable ?? `${index}|${context.direction}|mismatch`,
      deepFreeze(entry),
    );
  }
  return entry;
}

function deepFreeze(entry: RuleTraceEntry): RuleTraceEntry {
  Object.freeze(entry.checks);
  return Object.freeze(entry);
}

function evaluateRule(
  rule: ScreenPopRule,
  compiled: CompiledRule,
  index: number,
  context: RuleContext,
): RuleTraceEntry {
  const mismatch = compiled.sharedEntries.get(`${index}|${context.direction}|mismatch`);
  if (mismatch) return mismatch;
  const checks: RuleTraceEntry['checks'] = {
    direction: compiled.directionChecks[context.direction],
  };
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
  if (compiled.pattern !== undefined) {
    checks.pattern = matchNumberPattern(rule.numberPattern ?? '', compiled.pattern, context.number);
    if (!checks.pattern.passed) return entry(false, checks.pattern.why);
  }
  const reasons = [checks.direction, checks.internal, checks.withheld, checks.pattern].filter(
    (c) => c !== undefined,
  );
  return entry(true, `matched: ${reasons.map((c) => c.why).join('; ')}`);
}

function planActions(
  rule: ScreenPopRule,
  compiled: CompiledRule,
  index: number,
  context: RuleContext,
  policy: UrlPolicy,
  planned: PlannedAction[],
): void {
  const base = { ruleIndex: index, ruleName: rule.name, pop: rule.pop };
  if (rule.open !== undefined) {
    const url = renderCompiledUrl(compiled.url(policy), context);
    planned.push(
      url.ok
        ? {
            ...base,
            kind: 'open',
            ok: true,
            url: url.url,
            // Only a rule that says otherwise carries it: absent is auto, as in older records.
            ...(rule.openIn === undefined || rule.openIn === 'auto' ? {} : { openIn: rule.openIn }),
          }
        : { ...base, kind: 'open', ok: false, error: url.error },
    );
  }
  if (rule.run !== undefined) {
    const program = renderCompiledProgram(compiled.program(), context);
    planned.push(
      program.ok
        ? { ...base, kind: 'run', ok: true, program: program.program, args: program.args }
        : { ...base, kind: 'run', ok: false, error: program.error },
    );
  }
}

/** The one-line summary of a trace (what evaluateRules puts in `summary`). */
export function summarizeTrace(trace: RuleTrace): string {
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
