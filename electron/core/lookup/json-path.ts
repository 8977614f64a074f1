// The admin's paths into a CRM answer: keys separated by dots, [n] or .n for an array index,
// and one [*] that fans out over a list ("results[*]", "data.items[*].item"). Deliberately
// small: no filters, no recursion, no eval; a path is parsed once, bounded in length and depth,
// and a fan-out stops at MAX_LIST_ITEMS so a huge answer cannot make the lookup slow.
import { isJsonObject } from '../protocol/safe-json.js';

export const MAX_PATH_LENGTH = 200;
export const MAX_PATH_DEPTH = 16;
/** The most matches read from one answer (a picker with more would not help anyone). */
export const MAX_LIST_ITEMS = 50;

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

export type ParsedPath =
  { ok: true; steps: Step[]; fansOut: boolean } | { ok: false; error: string };

/** Parses "data.items[*].item"; "" is the answer itself. */
export function parseJsonPath(path: string): ParsedPath {
  if (path.length > MAX_PATH_LENGTH)
    return { ok: false, error: `is longer than ${MAX_PATH_LENGTH} characters` };
  const steps: Step[] = [];
  const trimmed = path.trim();
  if (trimmed === '') return { ok: true, steps, fansOut: false };
  // "a.b[0][*].c" → tokens a, b, [0], [*], c
  const token = /([^.[\]]+)|\[(\d{1,6}|\*)\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < trimmed.length) {
    token.lastIndex = at;
    m = token.exec(trimmed);
    if (!m) return { ok: false, error: `cannot be read at "${trimmed.slice(at, at + 10)}"` };
    at = token.lastIndex;
    if (m[3] !== undefined) {
      if (expectKey) return { ok: false, error: 'has an empty key (two dots, or a dot at an end)' };
      expectKey = true;
      continue;
    }
    if (m[1] !== undefined) {
      if (!expectKey && steps.length > 0)
        return { ok: false, error: `needs a dot before "${m[1]}"` };
      const key = m[1];
      steps.push(
        /^\d{1,6}$/.test(key) ? { kind: 'index', index: Number(key) } : { kind: 'key', key },
      );
    } else {
      steps.push(m[2] === '*' ? { kind: 'all' } : { kind: 'index', index: Number(m[2]) });
    }
    expectKey = false;
  }
  if (expectKey) return { ok: false, error: 'ends with a dot' };
  if (steps.length > MAX_PATH_DEPTH)
    return { ok: false, error: `is deeper than ${MAX_PATH_DEPTH} steps` };
  const fanOuts = steps.filter((s) => s.kind === 'all').length;
  if (fanOuts > 1) return { ok: false, error: 'may use [*] only once' };
  return { ok: true, steps, fansOut: fanOuts === 1 };
}

function step(current: unknown, s: Step): unknown {
  if (s.kind === 'index') {
    // An index also reads an object key of digits ("data.0" on {"0": …}), as the old namePath did.
    if (Array.isArray(current)) return current[s.index];
    if (isJsonObject(current) && Object.hasOwn(current, String(s.index)))
      return current[String(s.index)];
    return undefined;
  }
  if (s.kind === 'key')
    return isJsonObject(current) && Object.hasOwn(current, s.key) ? current[s.key] : undefined;
  return undefined;
}

/**
 * Every value the path reaches: one (or none) without [*], up to MAX_LIST_ITEMS with it.
 * A [*] on something that is not a list reaches nothing.
 */
export function readJsonPath(root: unknown, steps: readonly Step[]): unknown[] {
  let current: unknown[] = [root];
  for (const s of steps) {
    if (s.kind === 'all') {
      current = current.flatMap((value) =>
        Array.isArray(value) ? (value as unknown[]).slice(0, MAX_LIST_ITEMS) : [],
      );
    } else {
      current = current.map((value) => step(value, s)).filter((value) => value !== undefined);
    }
  }
  return current;
}

/** The single value at `path` (the first, when it fans out), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  const parsed = parseJsonPath(path);
  return parsed.ok ? readJsonPath(root, parsed.steps)[0] : undefined;
}
