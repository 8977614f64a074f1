// JSON parsing for text that came off the network. A hostile server (or anything between us
// and it) must not be able to plant `__proto__` / `constructor` / `prototype` keys that a
// later `Object.assign`, spread or template lookup would turn into prototype pollution.
import { errorMessage } from '../error-message.js';

/** Keys that are dropped wherever they appear, at any depth. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; error: string };

// Returning undefined from a reviver deletes the property from its holder.
const dropForbidden = (key: string, val: unknown): unknown =>
  FORBIDDEN_KEYS.has(key) ? undefined : val;

// Longer texts always take the reviver path, as before. Its recursion turns absurd nesting
// into a RangeError (a malformed frame), which a plain parse would accept; at most this many
// characters cannot nest deep enough to make the two differ. Call frames are ~100 characters.
const FAST_PATH_MAX_LENGTH = 4096;

/**
 * Whether `text` must take the reviver path: it is long, or it can hold a forbidden key. Without a backslash, every key JSON.parse
 * produces appears literally in the text, so a forbidden key needs its exact spelling there;
 * a backslash could spell one with escapes (`"\u005f_proto__"`), so it counts as suspect.
 * False positives only cost the slow path; there are no false negatives.
 */
function needsReviver(text: string): boolean {
  return (
    text.length > FAST_PATH_MAX_LENGTH ||
    text.includes('\\') ||
    text.includes('__proto__') ||
    text.includes('constructor') ||
    text.includes('prototype')
  );
}

/** JSON.parse that drops forbidden keys and never throws. */
export function safeJsonParse(text: string): SafeJsonResult {
  try {
    // The reviver is called for every value and makes the parse several times slower, so it
    // runs only when the text could hold a forbidden key; a plain parse gives the same result
    // for every other text. Call frames from the server are on the screen-pop's critical path.
    const value: unknown = needsReviver(text) ? JSON.parse(text, dropForbidden) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    // SyntaxError for bad JSON; RangeError for absurd nesting. Either way: not usable JSON.
    return { ok: false, error: errorMessage(error) };
  }
}

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
