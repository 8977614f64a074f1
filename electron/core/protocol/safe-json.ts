// JSON parsing for text that came off the network. A hostile server (or anything between us
// and it) must not be able to plant `__proto__` / `constructor` / `prototype` keys that a
// later `Object.assign`, spread or template lookup would turn into prototype pollution.

/** Keys that are dropped wherever they appear, at any depth. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON.parse that drops forbidden keys and never throws. */
export function safeJsonParse(text: string): SafeJsonResult {
  try {
    const value: unknown = JSON.parse(text, (key, val: unknown) =>
      // Returning undefined from a reviver deletes the property from its holder.
      FORBIDDEN_KEYS.has(key) ? undefined : val,
    );
    return { ok: true, value };
  } catch (error) {
    // SyntaxError for bad JSON; RangeError for absurd nesting. Either way: not usable JSON.
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
