// The CRM's answer is untrusted text: the name is read at the admin's dot path and reduced to
// one plain line (no control or bidi-override characters, bounded length) before anyone shows it.
import { isJsonObject } from '../protocol/safe-json.js';

export const MAX_NAME_LENGTH = 100;

/** The value at "data.0.fullName" (object keys or array indexes), or undefined. */
export function valueAtPath(root: unknown, path: string): unknown {
  let current = root;
  for (const key of path.split('.').filter((k) => k !== '')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) {
      current = current[Number(key)];
    } else if (isJsonObject(current) && Object.hasOwn(current, key)) {
      current = current[key];
    } else {
      return undefined;
    }
  }
  return current;
}

/** A single plain-text line for a name, or undefined when nothing usable is left. */
export function cleanName(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return undefined;
  const plain = value
    // C0/C1 controls, and the invisible direction overrides that can make text lie.
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '') return undefined;
  const chars = Array.from(plain); // whole code points, so a cut never splits a surrogate pair
  return chars.length > MAX_NAME_LENGTH
    ? `${chars.slice(0, MAX_NAME_LENGTH - 1).join('')}…`
    : plain;
}
