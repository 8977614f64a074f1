// A rule's numberPattern: compiled once when it is safe to run (pattern-safety.ts), and tested
// only against the number's normalised forms — E.164, national, digits: short strings of digits
// and a leading + — never against the caller id as received, which is hostile text of up to
// 64 characters. Forms longer than MAX_SUBJECT_LENGTH are not tested at all, so the bound the
// safety check assumes holds for every subject the pattern ever sees.
import type { PhoneNumberFormats } from '../calls.js';
import { MAX_SUBJECT_LENGTH, patternSafetyProblem } from './pattern-safety.js';
import type { ConditionCheck } from './trace.js';
import { errorMessage } from '../error-message.js';

export type CompiledNumberPattern = { ok: true; regex: RegExp } | { ok: false; error: string };

/** The schema's limit, checked again for rules that did not come through the schema. */
const MAX_PATTERN_LENGTH = 500;

/** The compiled number pattern, or why it may not be used (never compiled when unsafe). */
export function compileNumberPattern(pattern: string): CompiledNumberPattern {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      error: `The number pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH}.`,
    };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    const why = errorMessage(error);
    return {
      ok: false,
      error: `The number pattern "${pattern}" is not a valid regular expression (${why}).`,
    };
  }
  const unsafe = patternSafetyProblem(pattern);
  if (unsafe) return { ok: false, error: `The number pattern "${pattern}" is refused: ${unsafe}` };
  return { ok: true, regex };
}

/** Whether the pattern matches one of the number's normalised forms, and which, in words. */
export function matchNumberPattern(
  pattern: string,
  compiled: CompiledNumberPattern,
  number: PhoneNumberFormats,
): ConditionCheck {
  if (!compiled.ok) return { passed: false, why: compiled.error };
  // Equal forms (national and digits often are) are tested once and named together.
  const forms = new Map<string, string[]>();
  const candidates: [string, string | undefined][] = [
    ['E.164', number.e164],
    ['national', number.national],
    ['digits', number.digits],
  ];
  for (const [label, value] of candidates) {
    if (value !== undefined) forms.set(value, [...(forms.get(value) ?? []), label]);
  }
  const tooLong: string[] = [];
  for (const [value, labels] of forms) {
    if (value.length > MAX_SUBJECT_LENGTH) {
      tooLong.push(`${labels.join(' and ')}: ${value.length} characters`);
      continue;
    }
    if (compiled.regex.test(value)) {
      return {
        passed: true,
        why: `the number pattern /${pattern}/ matches ${labels[0]} "${value}"`,
      };
    }
  }
  const skipped =
    tooLong.length === 0
      ? ''
      : ` (${tooLong.join('; ')}, longer than the ${MAX_SUBJECT_LENGTH} a pattern is tested against)`;
  return {
    passed: false,
    why: `the number pattern /${pattern}/ matches none of the number's formats${skipped}`,
  };
}
