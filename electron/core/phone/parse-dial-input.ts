// What an agent types or pastes into the dialer (or a tel:/callto: link carries): tolerant of
// the usual separators, and when it is not a number it says why in plain words.
import { validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { PhoneNumberFormats } from '../calls.js';
import {
  MAX_PHONE_LENGTH,
  normalizePhone,
  toCountryCode,
  type PhoneOptions,
} from './normalize-phone.js';

export type DialInputResult =
  | {
      ok: true;
      /** The number in every format; `raw` is the input without separators (+ and 00 kept). */
      formats: PhoneNumberFormats;
    }
  | { ok: false; reason: string };

// The longest international number is 15 digits (ITU-T E.164); 00 adds two.
const MAX_DIAL_DIGITS = 17;

export function parseDialInput(text: string, options: PhoneOptions): DialInputResult {
  if (typeof text !== 'string') return { ok: false, reason: 'Nothing to dial: no text was given.' };
  if (text.length > MAX_PHONE_LENGTH * 2) {
    return {
      ok: false,
      reason: `This is too long to be a phone number (${text.length} characters).`,
    };
  }
  let body = text.trim().replace(/^(tel|callto|sip):(\/\/)?/i, '');
  try {
    body = decodeURIComponent(body);
  } catch {
    // Not percent-encoded; keep it as it is.
  }
  body = body.trim();
  if (body === '') return { ok: false, reason: 'Nothing to dial: the text is empty.' };

  // Separators people type or copy from web pages: spaces (any kind), dashes, dots, slashes, parentheses.
  const compact = body.replace(/[\s\u00a0\u2000-\u200b\u202f\u2060().\-/\u2010-\u2015]/gu, '');
  const letter = /\p{L}/u.exec(compact);
  if (letter) {
    return {
      ok: false,
      reason: `"${shorten(body)}" contains letters ("${letter[0]}"); a phone number has only digits, spaces, dashes, dots, parentheses and a leading +.`,
    };
  }
  const other = /[^\d+]/.exec(compact);
  if (other) {
    return {
      ok: false,
      reason: `"${shorten(body)}" contains "${other[0]}", which is not part of a phone number.`,
    };
  }
  if (compact.lastIndexOf('+') > 0) {
    return { ok: false, reason: 'A + can only come at the very start of the number.' };
  }
  const digits = compact.replace(/\D/g, '');
  if (digits === '') return { ok: false, reason: 'There are no digits to dial.' };
  if (digits.length > MAX_DIAL_DIGITS) {
    return {
      ok: false,
      reason: `Too many digits (${digits.length}); phone numbers have at most 15.`,
    };
  }

  const formats = normalizePhone(compact, options);
  if (formats.kind === 'external' || formats.kind === 'internal') return { ok: true, formats };
  return { ok: false, reason: whyInvalid(compact, options) };
}

function whyInvalid(compact: string, options: PhoneOptions): string {
  const country = toCountryCode(options.defaultCountry);
  const candidate = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  let problem: string | undefined;
  try {
    problem = validatePhoneNumberLength(candidate, country);
  } catch {
    problem = undefined;
  }
  const where = candidate.startsWith('+')
    ? 'as an international number'
    : `for ${country ?? 'the default country'}`;
  switch (problem) {
    case 'TOO_SHORT':
      return `${compact} is too short ${where}.`;
    case 'TOO_LONG':
      return `${compact} is too long ${where}.`;
    case 'INVALID_COUNTRY':
      return `${compact} does not start with a known country code; write it with + and the country code.`;
    case 'INVALID_LENGTH':
      return `${compact} has the wrong number of digits ${where}.`;
    default:
      return `${compact} is not a valid phone number ${where}.`;
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
