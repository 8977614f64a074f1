// The admin's ordered rewrite rules on the incoming number (config phone.rewrite), applied
// before normalisation: "^0040" → "+40", "^\+?40(7\d{8})$" → "0$1", a switch prefix dropped…
// Each pattern is an admin pattern like a rule's numberPattern: refused at load unless it is
// provably fast (rules/pattern-safety.ts), and only ever run on at most MAX_SUBJECT_LENGTH
// characters. A rewrite that empties the number or makes it unusable is not applied: the call
// goes on with the number as received, and the note says why (trace, history, settings preview).
import type { PhoneNumberFormats } from '../calls.js';
import { REWRITE_REPLACEMENT_PATTERN as REPLACEMENT_PATTERN } from '../config/schema.js';
import { compileNumberPattern, type CompiledNumberPattern } from '../rules/number-pattern.js';
import { MAX_SUBJECT_LENGTH } from '../rules/pattern-safety.js';
import { isWithheldText, normalizePhone, type PhoneOptions } from './normalize-phone.js';

export interface NumberRewrite {
  /** Regular expression (no flags), tested against the number without separators. */
  pattern: string;
  /** What the first match becomes; $1…$9 and $& insert what was matched. */
  replacement: string;
}

export interface IncomingPhoneOptions extends PhoneOptions {
  rewrite?: readonly NumberRewrite[];
}

export interface IncomingNumber {
  number: PhoneNumberFormats;
  /** Plain words when a rewrite applied or was refused; undefined when none was involved. */
  rewrite?: string;
}

// Visual separators a switch or a person puts in a number (as normalize-phone strips them).
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u202f\u2060().\-/]/gu;

const compiledPatterns = new Map<string, CompiledNumberPattern>();

function compiled(pattern: string): CompiledNumberPattern {
  let hit = compiledPatterns.get(pattern);
  if (!hit) {
    // Configs are few and small; the cap only keeps a long-running app that reloads often tidy.
    if (compiledPatterns.size > 500) compiledPatterns.clear();
    hit = compileNumberPattern(pattern);
    compiledPatterns.set(pattern, hit);
  }
  return hit;
}

/** Why a rewrite rule may not be used, or undefined. */
export function rewriteProblem(rewrite: NumberRewrite): string | undefined {
  const result = compiled(rewrite.pattern);
  if (!result.ok) return result.error.replace('The number pattern', 'The rewrite pattern');
  if (!REPLACEMENT_PATTERN.test(rewrite.replacement)) {
    return `The replacement "${rewrite.replacement}" may hold only digits, + * # and $1…$9 or $&.`;
  }
  return undefined;
}

/**
 * The rewritten text of `raw` (separators removed first), and which rules (1-based) changed it.
 * Rules apply in order, each to the result of the previous one; each replaces its first match.
 */
export function rewriteNumber(
  raw: string,
  rewrites: readonly NumberRewrite[],
): { text: string; applied: number[]; skipped?: string } {
  const compact = raw.trim().replace(SEPARATORS, '');
  if (compact.length > MAX_SUBJECT_LENGTH) {
    return {
      text: raw,
      applied: [],
      skipped: `longer than the ${MAX_SUBJECT_LENGTH} characters a rewrite is run on`,
    };
  }
  let text = compact;
  const applied: number[] = [];
  rewrites.forEach((rewrite, index) => {
    const pattern = compiled(rewrite.pattern);
    if (!pattern.ok || !REPLACEMENT_PATTERN.test(rewrite.replacement)) return;
    // The result can grow ($&$&…); keep feeding later rules only what they were proven safe on.
    if (text.length > MAX_SUBJECT_LENGTH) return;
    const next = text.replace(pattern.regex, rewrite.replacement);
    if (next !== text) applied.push(index + 1);
    text = next;
  });
  return { text, applied };
}

/** The incoming number, rewritten by the admin's rules when they apply, then normalised. */
export function normalizeIncoming(raw: string, options: IncomingPhoneOptions): IncomingNumber {
  const rewrites = options.rewrite ?? [];
  if (rewrites.length === 0 || typeof raw !== 'string' || isWithheldText(raw)) {
    return { number: normalizePhone(raw, options) };
  }
  const original = (): PhoneNumberFormats => normalizePhone(raw, options);
  const { text, applied, skipped } = rewriteNumber(raw, rewrites);
  if (skipped) return { number: original(), rewrite: `The number was not rewritten: ${skipped}.` };
  if (applied.length === 0) return { number: original() };
  const rules = `rewrite rule${applied.length > 1 ? 's' : ''} ${applied.join(', ')}`;
  if (text === '') {
    return {
      number: original(),
      rewrite: `${capitalised(rules)} made "${raw}" empty; the number as received was used.`,
    };
  }
  const rewritten = normalizePhone(text, options);
  const before = rewritten.kind === 'invalid' ? original() : undefined;
  if (before && before.kind !== 'invalid') {
    return {
      number: before,
      rewrite: `${capitalised(rules)} turned "${raw}" into "${text}", which is not a phone number; the number as received was used.`,
    };
  }
  return { number: rewritten, rewrite: `"${raw}" was rewritten to "${text}" by ${rules}.` };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
