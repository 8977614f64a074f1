import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORBIDDEN_KEYS, safeJsonParse } from '../../../electron/core/protocol/safe-json.js';

// The reference: JSON.parse with a reviver that drops every forbidden key (what safeJsonParse
// did for every text before its plain-parse fast path). The fast path must never differ.
function reference(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return {
      ok: true,
      value: JSON.parse(text, (key, val: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : val)),
    };
  } catch {
    return { ok: false };
  }
}

function hasForbiddenOwnKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.keys(value).some(
    (key) => FORBIDDEN_KEYS.has(key) || hasForbiddenOwnKey((value as Record<string, unknown>)[key]),
  );
}

/** `"__proto__"` spelled with one character as a \u escape, as a hostile server could send. */
function escapedKey(key: string, at: number): string {
  const i = at % key.length;
  const code = key.charCodeAt(i).toString(16).padStart(4, '0');
  return `${key.slice(0, i)}\\u${code}${key.slice(i + 1)}`;
}

describe('safeJsonParse', () => {
  it('drops forbidden keys spelled with \\u escapes (no literal "__proto__" in the text)', () => {
    for (const key of FORBIDDEN_KEYS) {
      for (let at = 0; at < key.length; at++) {
        const text = `{"type":"incomingCall","${escapedKey(key, at)}":{"polluted":1},"a":{"${escapedKey(key, at + 1)}":1}}`;
        expect(text.includes(key)).toBe(false);
        const parsed = safeJsonParse(text);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) continue;
        expect(hasForbiddenOwnKey(parsed.value)).toBe(false);
        expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
        expect(parsed.value).toEqual({ type: 'incomingCall', a: {} });
      }
    }
  });

  it('gives exactly the reviver result for any text, hostile keys and escapes included', () => {
    const key = fc.oneof(
      fc.constantFrom(...FORBIDDEN_KEYS, 'type', 'phoneNumber'),
      fc.string(),
      fc.tuple(fc.constantFrom(...FORBIDDEN_KEYS), fc.nat()).map(([k, at]) => escapedKey(k, at)),
    );
    // Objects written by hand so escaped keys reach the text unchanged.
    const object: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc
          .array(fc.tuple(key, tie('value')), { maxLength: 5 })
          .map(
            (entries) =>
              `{${entries.map(([k, v]) => `${k.includes('\\') ? `"${k}"` : JSON.stringify(k)}:${v}`).join(',')}}`,
          ),
      ),
    })).value;
    fc.assert(
      fc.property(fc.oneof(object, fc.string()), (text) => {
        const parsed = safeJsonParse(text);
        const expected = reference(text);
        expect(parsed.ok).toBe(expected.ok);
        if (parsed.ok && expected.ok) {
          expect(parsed.value).toStrictEqual(expected.value);
          expect(hasForbiddenOwnKey(parsed.value)).toBe(false);
        }
      }),
      { numRuns: 2_000, seed: 20261126 },
    );
  });

  it('never throws on bad or absurdly nested text', () => {
    expect(safeJsonParse('{"a":').ok).toBe(false);
    expect(safeJsonParse('['.repeat(200_000)).ok).toBe(false);
    // Short texts take the plain-parse path; the deepest one still parses like the reviver's.
    const deepShort = `${'['.repeat(2_048)}${']'.repeat(2_048)}`;
    expect(safeJsonParse(deepShort)).toStrictEqual(reference(deepShort));
    expect(safeJsonParse(deepShort).ok).toBe(true);
  });
});
