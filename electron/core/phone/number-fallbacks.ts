// The forms of a caller's number a CRM search tries in turn, until one finds a contact.
// Romanian CRMs hold 0721 234 567, +40721234567 and 0040721234567 alike, and each CRM searches
// only the exact text it was given, so one form is rarely enough.
import type { PhoneNumberFormats } from '../calls.js';
import { DEFAULT_FALLBACK_FORMATS, FALLBACK_FORMAT_PATTERN } from '../config/schema.js';

export { DEFAULT_FALLBACK_FORMATS, FALLBACK_FORMAT_PATTERN };

/**
 * A form of the number, by name:
 *   e164      +40721234567
 *   national  0721234567 (as dialled from the default country)
 *   digits    40721234567 — the international number without +; the digits as received when
 *             the number has no international form (internal extensions, unparsable ids)
 *   noplus    same as digits for an external number (kept for symmetry with templates)
 *   intl00    0040721234567
 *   last<N>   the last N digits (N 1–15): 721234567 for last9 — what "contains" searches want
 */
export type FallbackFormat = string;

export interface NumberForm {
  format: FallbackFormat;
  value: string;
}

/**
 * numberFormsToTry(number, order): the forms of `number` in `order`, each value once (the first
 * format that produced it names it), skipping forms the number does not have (a withheld or
 * unparsable number has no E.164 form). Pure: the same normalised number always gives the same
 * list, so 0721 234 567, +40721234567 and 0040721234567 give the same list.
 * Unknown format names are skipped (the config schema refuses them before they get here).
 */
export function numberFormsToTry(
  number: PhoneNumberFormats,
  order: readonly FallbackFormat[] = DEFAULT_FALLBACK_FORMATS,
): NumberForm[] {
  if (number.kind === 'withheld') return [];
  const international = number.e164?.slice(1);
  const digits = international ?? number.digits;
  const out: NumberForm[] = [];
  const seen = new Set<string>();
  for (const format of order) {
    const value = formValue(format, number, digits, international);
    if (value === undefined || value === '' || seen.has(value)) continue;
    seen.add(value);
    out.push({ format, value });
  }
  return out;
}

function formValue(
  format: FallbackFormat,
  number: PhoneNumberFormats,
  digits: string,
  international: string | undefined,
): string | undefined {
  const last = /^last(\d{1,2})$/.exec(format);
  if (last) {
    const n = Number(last[1]);
    return n >= 1 && n <= 15 ? digits.slice(-n) : undefined;
  }
  switch (format) {
    case 'e164':
      return number.e164;
    case 'national':
      return number.national;
    case 'digits':
    case 'noplus':
      return digits;
    case 'intl00':
      return international === undefined ? undefined : `00${international}`;
    default:
      return undefined;
  }
}
