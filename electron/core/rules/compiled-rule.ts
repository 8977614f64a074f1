// A screen-pop rule prepared once and reused for every call: its number pattern compiled, its
// URL and program templates checked and parsed, the sentences of its direction check written.
// Before, every call re-parsed and re-checked all of it (tens of µs per call in the scale bench).
//
// Cached per rule object in a WeakMap, so a new configuration (a new rules array of new rule
// objects) gets fresh entries and an old one is collected with its config. A rule object
// edited in place is noticed too: the entry remembers the fields it was built from and is
// rebuilt when one of them differs (string comparisons, far cheaper than the work saved).
import type { CallDirection } from '../calls.js';
import type { ProgramTemplate, ScreenPopRule } from '../config/schema.js';
import {
  compileProgramTemplate,
  type CompiledProgramTemplate,
} from '../templates/program-template.js';
import { compileUrlTemplate, type CompiledUrlTemplate } from '../templates/url-template.js';
import type { UrlPolicy } from '../templates/url-template.js';
import { compileNumberPattern, type CompiledNumberPattern } from './number-pattern.js';
import type { ConditionCheck, RuleTraceEntry } from './trace.js';

export interface CompiledRule {
  /** The compiled numberPattern, or undefined when the rule has none. */
  pattern: CompiledNumberPattern | undefined;
  /** The direction check for each call direction (frozen, shared by every trace). */
  directionChecks: Readonly<Record<CallDirection, ConditionCheck>>;
  /** The URL template compiled for this policy (both policies are kept). */
  url(policy: UrlPolicy): CompiledUrlTemplate;
  program(): CompiledProgramTemplate;
  /** Trace entries that are the same for every call of a kind (see evaluate-rules). */
  sharedEntries: Map<string, RuleTraceEntry>;
}

interface Entry {
  compiled: CompiledRule;
  source: RuleSource;
}

/** The fields a compiled rule depends on, copied (args too) to notice edits in place. */
interface RuleSource {
  name: string;
  direction: ScreenPopRule['direction'];
  internal: boolean;
  withheld: boolean;
  numberPattern: string | undefined;
  open: string | undefined;
  run: ProgramTemplate | undefined;
  program: string | undefined;
  args: readonly string[] | undefined;
}

const cache = new WeakMap<ScreenPopRule, Entry>();

export function compiledRule(rule: ScreenPopRule): CompiledRule {
  const hit = cache.get(rule);
  if (hit && sameSource(hit.source, rule)) return hit.compiled;
  const entry = { compiled: compile(rule), source: sourceOf(rule) };
  cache.set(rule, entry);
  return entry.compiled;
}

function sourceOf(rule: ScreenPopRule): RuleSource {
  return {
    name: rule.name,
    direction: rule.direction,
    internal: rule.internal,
    withheld: rule.withheld,
    numberPattern: rule.numberPattern,
    open: rule.open,
    run: rule.run,
    program: rule.run?.program,
    args: rule.run ? [...rule.run.args] : undefined,
  };
}

function sameSource(source: RuleSource, rule: ScreenPopRule): boolean {
  if (
    source.name !== rule.name ||
    source.direction !== rule.direction ||
    source.internal !== rule.internal ||
    source.withheld !== rule.withheld ||
    source.numberPattern !== rule.numberPattern ||
    source.open !== rule.open ||
    source.run !== rule.run
  ) {
    return false;
  }
  if (!rule.run) return true;
  const args = source.args ?? [];
  return (
    source.program === rule.run.program &&
    args.length === rule.run.args.length &&
    args.every((arg, i) => arg === rule.run!.args[i])
  );
}

function compile(rule: ScreenPopRule): CompiledRule {
  const urls: [CompiledUrlTemplate | undefined, CompiledUrlTemplate | undefined] = [
    undefined,
    undefined,
  ];
  let program: CompiledProgramTemplate | undefined;
  const pattern =
    rule.numberPattern !== undefined && rule.numberPattern !== ''
      ? compileNumberPattern(rule.numberPattern)
      : undefined;
  return {
    pattern,
    directionChecks: {
      inbound: Object.freeze(directionCheck(rule, 'inbound')),
      outbound: Object.freeze(directionCheck(rule, 'outbound')),
    },
    url(policy) {
      const slot = policy.allowHttp ? 1 : 0;
      return (urls[slot] ??= compileUrlTemplate(rule.open ?? '', policy));
    },
    program() {
      return (program ??= rule.run
        ? compileProgramTemplate(rule.run)
        : { ok: false, error: 'The rule has no program.' });
    },
    sharedEntries: new Map(),
  };
}

function directionCheck(rule: ScreenPopRule, direction: CallDirection): ConditionCheck {
  if (rule.direction === 'any')
    return { passed: true, why: `the rule takes any direction (the call is ${direction})` };
  return rule.direction === direction
    ? { passed: true, why: `the call is ${direction}, as the rule wants` }
    : { passed: false, why: `the call is ${direction}; the rule wants ${rule.direction}` };
}
