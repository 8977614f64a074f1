// Strict parsing of `tel:` and `callto:` links. Any web page can fire such a link, so the text
// is hostile: we accept a phone number with the usual visual separators and nothing else (no
// parameters, no query, no control characters, no second scheme), and the result is only ever
// shown for confirmation and handed to REST `dial` as plain data.
// RFC 3966 (tel URI): https://www.rfc-editor.org/rfc/rfc3966

export type LinkScheme = 'tel' | 'callto';

/** Longer than any real link; a bound so a hostile caller cannot make us chew megabytes. */
export const MAX_LINK_LENGTH = 256;
const MIN_DIGITS = 2;
const MAX_DIGITS = 20;

export type LinkRejection = 'empty' | 'too-long' | 'scheme' | 'characters' | 'parameters';

export type ParsedLink =
  | {
      ok: true;
      scheme: LinkScheme;
      /** '+' (if given) and digits only, e.g. +40712345678 */ number: string;
    }
  | { ok: false; reason: LinkRejection };

const SCHEME_PREFIX = /^(tel|callto):(?:\/\/)?/i;
/** Every character of a decoded body must be one of these (ASCII only, no control characters). */
const ALLOWED_CHARACTERS = /^[+0-9 .\-()]*$/;
/** What may remain after decoding: one leading +, digits, and visual separators. */
const ALLOWED_BODY = /^\+?[0-9 .\-()]+$/;

function isPhoneLink(text: string): boolean {
  return SCHEME_PREFIX.test(text);
}

export function parsePhoneLink(link: string): ParsedLink {
  if (link.length > MAX_LINK_LENGTH) return { ok: false, reason: 'too-long' };
  const prefix = SCHEME_PREFIX.exec(link);
  if (!prefix) return { ok: false, reason: 'scheme' };
  const scheme = prefix[1]!.toLowerCase() as LinkScheme;
  let body = link.slice(prefix[0].length);
  // Windows and some CRMs append a slash to callto://0712345678/.
  if (body.endsWith('/')) body = body.slice(0, -1);
  // Parameters (;ext=, ;phone-context=), queries and fragments are refused, not ignored:
  // a link that carries more than a number is not one we should dial silently.
  if (/[;?#&=]/.test(body)) return { ok: false, reason: 'parameters' };

  let decoded: string;
  try {
    // Browsers percent-encode spaces (%20); decoding once and then checking the result means
    // %0a, %00 and friends turn into characters the allowlist refuses.
    decoded = decodeURIComponent(body);
  } catch {
    return { ok: false, reason: 'characters' };
  }
  if (/[;?#&=]/.test(decoded)) return { ok: false, reason: 'parameters' };
  // Check before trimming: trim() would quietly drop a smuggled %0a or %09 at either end.
  if (!ALLOWED_CHARACTERS.test(decoded)) return { ok: false, reason: 'characters' };
  const trimmed = decoded.replace(/^ +| +$/g, '');
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (!ALLOWED_BODY.test(trimmed)) return { ok: false, reason: 'characters' };

  const digits = trimmed.replace(/[^0-9]/g, '');
  if (digits.length < MIN_DIGITS) return { ok: false, reason: 'empty' };
  if (digits.length > MAX_DIGITS) return { ok: false, reason: 'too-long' };
  return { ok: true, scheme, number: (trimmed.startsWith('+') ? '+' : '') + digits };
}

/**
 * The link a second instance (Windows, Linux) or the first launch was started with: the OS
 * passes it as one argv element. Other arguments (Chromium switches, paths) are ignored.
 */
export function findPhoneLinkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => isPhoneLink(arg));
}
