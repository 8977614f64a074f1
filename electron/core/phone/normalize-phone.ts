// One phone number in every format the templates and the REST client need. Caller ids are
// attacker-controlled text: nothing here throws, whatever arrives.
// Metadata set, chosen: `max`. What we need is E.164 and the national / out-of-country forms
// of Romanian and foreign numbers; mobile vs fixed is never asked (no getType()), so `mobile`
// (which calls a landline like 021… invalid) is out. `min` parses and formats the same, but its
// isValid() checks little more than the length, and isValid() is what lets a caller id that
// lost its + (40712345678) be read as international without guessing: with `min`,
// 14734771524 or 4916073651 would become +1 473… / +49 160… numbers the plans do not have
// (test/core/phone/normalize-phone.test.ts). The price, measured: about 0.3 MB more heap
// than `min` (5.1 against 4.8 MB used after importing and parsing, 2026-12-02). Every import
// of libphonenumber-js in the app and the core uses this one set, so only one is loaded.
import {
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import type { PhoneNumberFormats } from '../calls.js';

export interface PhoneOptions {
  /** ISO 3166 two-letter code used for numbers without a + (config.phone.defaultCountry). */
  defaultCountry: string;
  /** Numbers with at most this many digits are internal extensions (0 = none). */
  internalMaxDigits: number;
}

/** The longest number we look at; the protocol parser already caps at this length. */
export const MAX_PHONE_LENGTH = 64;

// What switches and carriers put in the caller id when the number is hidden (English and
// Romanian spellings). Compared after lower-casing and dropping everything but letters.
const WITHHELD_WORDS = new Set([
  'anonymous',
  'anonim',
  'withheld',
  'private',
  'privat',
  'privatenumber',
  'unknown',
  'necunoscut',
  'restricted',
  'unavailable',
  'notavailable',
  'hidden',
  'blocked',
  'outofarea',
  'nocallerid',
  'callerid',
  'clir',
]);

// Visual separators people and switches put inside numbers.
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u202f\u2060().\-/]/gu;

export function isWithheldText(raw: string): boolean {
  const trimmed = raw.trim();
  if (trimmed === '') return true;
  const letters = trimmed.toLowerCase().replace(/[^a-z]/g, '');
  return letters !== '' && !/\d/.test(trimmed) && WITHHELD_WORDS.has(letters);
}

/** Upper-cased country code, or undefined when libphonenumber does not know it. */
export function toCountryCode(country: string): CountryCode | undefined {
  const code = country.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}

export function normalizePhone(raw: string, options: PhoneOptions): PhoneNumberFormats {
  const text = typeof raw === 'string' ? raw : '';
  if (isWithheldText(text)) {
    return { raw: text, e164: undefined, national: '', digits: '', kind: 'withheld' };
  }
  const digits = text.replace(/\D/g, '');
  const invalid: PhoneNumberFormats = {
    raw: text,
    e164: undefined,
    national: digits,
    digits,
    kind: 'invalid',
  };
  if (text.length > MAX_PHONE_LENGTH || digits === '') return invalid;

  const compact = text.trim().replace(SEPARATORS, '');
  // Anything but digits and one leading + (letters, *, #, sip: ...) is not a plain number.
  if (!/^\+?\d+$/.test(compact)) return invalid;
  const international = compact.startsWith('+') || compact.startsWith('00');

  if (!international && digits.length <= options.internalMaxDigits) {
    return { raw: text, e164: undefined, national: digits, digits, kind: 'internal' };
  }

  const parsed = parseExternal(compact, options.defaultCountry);
  if (!parsed) return invalid;
  return withLazyNational(text, parsed, digits, options.defaultCountry);
}

/**
 * The formats of an external number, parsed once. `national` needs a country lookup and a
 * formatting pass (about a third of this function's cost), and most templates never use it:
 * it is worked out on first read — after the pop has started, when the history stores the
 * record — and then replaced by a plain value, which also lets the parsed number go.
 */
function withLazyNational(
  raw: string,
  parsed: PhoneNumber,
  digits: string,
  defaultCountry: string,
): PhoneNumberFormats {
  const formats = { raw, e164: parsed.number as string | undefined } as PhoneNumberFormats;
  let known: string | undefined;
  const settle = (value: string): void => {
    known = value;
    try {
      Object.defineProperty(formats, 'national', {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } catch {
      // A caller froze the object: the getter keeps answering with the remembered value.
    }
  };
  Object.defineProperty(formats, 'national', {
    enumerable: true,
    configurable: true,
    get(): string {
      if (known === undefined) settle(dialledFrom(parsed, defaultCountry));
      return known!;
    },
    set: settle,
  });
  formats.digits = digits;
  formats.kind = 'external';
  return formats;
}

function parseExternal(compact: string, defaultCountry: string): PhoneNumber | undefined {
  const country = toCountryCode(defaultCountry);
  const candidate = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  const parsed = safeParse(candidate, country);
  if (parsed?.isPossible()) return parsed;
  // Some switches drop the +: 40712345678 is not a Romanian national number, but it is a
  // valid international one. Only taken when it is fully valid, to avoid guessing.
  if (!candidate.startsWith('+')) {
    const withPlus = safeParse(`+${candidate}`, undefined);
    if (withPlus?.isValid()) return withPlus;
  }
  return undefined;
}

function safeParse(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, country);
  } catch {
    return undefined;
  }
}

/**
 * The number as an agent in the default country dials it, digits only: 0712345678 for a
 * Romanian number, 0012133734253 for a US one (national format is meaningless abroad).
 */
function dialledFrom(parsed: PhoneNumber, defaultCountry: string): string {
  const country = toCountryCode(defaultCountry);
  const home = country === undefined || parsed.country === country;
  const text = home ? parsed.formatNational() : safeOutOfCountry(parsed, country);
  const out = text.replace(/\D/g, '');
  return out === '' ? parsed.number.replace(/\D/g, '') : out;
}

function safeOutOfCountry(parsed: PhoneNumber, country: CountryCode): string {
  try {
    return parsed.format('IDD', { fromCountry: country }) ?? parsed.number;
  } catch {
    return parsed.number;
  }
}
