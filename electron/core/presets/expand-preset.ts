// A preset plus the admin's inputs → an ordinary rule. Inputs come from a config file or the
// settings window, so each is checked against its pattern and its kind (host-name.ts) and then
// substituted where the preset put its `<key>` marker: host and label inputs raw (they were just
// proven to be plain DNS names), path inputs raw (plain segments only), text inputs
// percent-encoded — a `{` typed by an admin can never become a placeholder, a `/` or `?` never
// leaves its query value. The result must still point at the host the inputs named; it is then
// an ordinary rule, checked by the rule checks (templates, patterns) like any other.
// Imports nothing from the core but types: config/ reads this file (layering.test.ts).
import type { ScreenPopRule } from '../config/schema.js';
import { hostLabelProblem, hostNameProblem } from './host-name.js';
import type { CrmPreset, PresetInput } from './preset-types.js';

/** One problem, named by the input it is about ('' for the preset as a whole). */
export interface PresetIssue {
  input: string;
  message: string;
}

/** Fields of the produced rule an admin may set next to the preset (config file or editor). */
export interface PresetRuleOverrides {
  name?: string;
  direction?: ScreenPopRule['direction'];
  pop?: ScreenPopRule['pop'];
  numberPattern?: string;
  continue?: boolean;
  /** Where the page opens: the agent's CRM tab (browser companion) or the browser. */
  openIn?: ScreenPopRule['openIn'];
}

export type ExpandedPreset =
  { ok: true; rule: ScreenPopRule; lookup: unknown } | { ok: false; issues: PresetIssue[] };

/** The longest value an input may have (a host name is at most 253 characters plus a port). */
export const MAX_INPUT_LENGTH = 260;

const MARKER = /<([A-Za-z][A-Za-z0-9_]*)>/g;

/** Why an input value may not be used, or undefined. */
export function presetInputProblem(input: PresetInput, value: string): string | undefined {
  if (value.length > MAX_INPUT_LENGTH) return `is longer than ${MAX_INPUT_LENGTH} characters`;
  if (value !== value.trim()) return 'starts or ends with spaces';
  if (value === '') return `is required (for example ${input.example})`;
  if (input.kind === 'host') {
    const problem = hostNameProblem(value, { allowPort: true });
    if (problem) return problem;
  }
  if (input.kind === 'label') {
    const problem = hostLabelProblem(value);
    if (problem) return problem;
  }
  if (input.kind === 'path' && !isPlainPath(value)) {
    return 'must be a path such as /crm/search: letters, digits, - _ . ~ between slashes, no ".."';
  }
  const compared = input.kind === 'host' || input.kind === 'label' ? value.toLowerCase() : value;
  if (!new RegExp(input.pattern).test(compared)) {
    return `does not look right (for example ${input.example})`;
  }
  return undefined;
}

function isPlainPath(value: string): boolean {
  if (!/^(\/[A-Za-z0-9._~-]+)*\/?$/.test(value)) return false;
  return !value.split('/').some((segment) => segment === '.' || segment === '..');
}

/** Checks the inputs and builds the rule. Unknown inputs are refused so a typo is seen. */
export function expandPreset(
  preset: CrmPreset,
  inputs: Readonly<Record<string, string>>,
  overrides: PresetRuleOverrides = {},
): ExpandedPreset {
  const issues: PresetIssue[] = [];
  const known = new Map(preset.inputs.map((input) => [input.key, input]));
  for (const key of Object.keys(inputs)) {
    if (!known.has(key)) {
      const names = preset.inputs.map((i) => i.key).join(', ') || 'none';
      issues.push({
        input: key,
        message: `is not an input of the ${preset.name.en} preset (its inputs: ${names})`,
      });
    }
  }
  const values = new Map<string, string>();
  for (const input of preset.inputs) {
    const given = Object.hasOwn(inputs, input.key) ? inputs[input.key] : undefined;
    const value = typeof given === 'string' ? given : (input.default ?? '');
    const problem = presetInputProblem(input, value);
    if (problem) issues.push({ input: input.key, message: `${input.label.en} ${problem}` });
    else {
      const dns = input.kind === 'host' || input.kind === 'label';
      values.set(input.key, dns ? value.toLowerCase() : value);
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const authorityEnd = authorityLength(preset.rule.open, known);
  const open = preset.rule.open.replace(MARKER, (marker, key: string, offset: number) => {
    const input = known.get(key);
    const value = values.get(key);
    if (!input || value === undefined) {
      issues.push({ input: '', message: `the preset's template names an unknown input ${marker}` });
      return marker;
    }
    const inAuthority = offset < authorityEnd;
    const authorityKind = input.kind === 'host' || input.kind === 'label';
    if (inAuthority !== authorityKind) {
      issues.push({ input: key, message: `a ${input.kind} input cannot stand at ${marker}` });
      return marker;
    }
    return input.kind === 'text' ? encodeURIComponent(value) : value;
  });
  if (issues.length > 0) return { ok: false, issues };

  const expectedHost = expectedHostOf(preset, values);
  if (expectedHost !== undefined && hostOf(open) !== expectedHost) {
    return {
      ok: false,
      issues: [{ input: '', message: `the link would not go to ${expectedHost}` }],
    };
  }

  const rule: ScreenPopRule = {
    name: overrides.name ?? preset.rule.name,
    direction: overrides.direction ?? preset.rule.direction ?? 'any',
    internal: false,
    withheld: false,
    open,
    openIn: overrides.openIn ?? 'auto',
    pop: overrides.pop ?? preset.rule.pop ?? 'auto',
    continue: overrides.continue ?? false,
  };
  if (overrides.numberPattern !== undefined) rule.numberPattern = overrides.numberPattern;
  return { ok: true, rule, lookup: preset.lookup };
}

/**
 * Length of "https://authority" in a template: it ends at the first / ? or #, or at the first
 * marker of a path or text input (`https://<host><path>` has no slash between the two).
 */
function authorityLength(template: string, inputs: ReadonlyMap<string, PresetInput>): number {
  if (!template.startsWith('https://')) return 0;
  let i = 'https://'.length;
  while (i < template.length && !'/?#'.includes(template[i]!)) {
    const marker = /^<([A-Za-z][A-Za-z0-9_]*)>/.exec(template.slice(i));
    if (marker) {
      const kind = inputs.get(marker[1]!)?.kind;
      if (kind !== 'host' && kind !== 'label') break;
      i += marker[0].length;
    } else {
      i += 1;
    }
  }
  return i;
}

/** The host the authority should name once its markers are filled, when it has markers. */
function expectedHostOf(preset: CrmPreset, values: Map<string, string>): string | undefined {
  const inputs = new Map(preset.inputs.map((input) => [input.key, input]));
  const authority = preset.rule.open.slice(
    'https://'.length,
    authorityLength(preset.rule.open, inputs),
  );
  if (!/<[A-Za-z]/.test(authority)) return undefined;
  const filled = authority.replace(MARKER, (_m, key: string) => values.get(key) ?? '');
  return filled.toLowerCase().replace(/:\d+$/, '').replace(/:443$/, '');
}

function hostOf(url: string): string | undefined {
  const m = /^https:\/\/[^/?#]*/.exec(url);
  if (!m) return undefined;
  try {
    return new URL(m[0]).hostname;
  } catch {
    return undefined;
  }
}
