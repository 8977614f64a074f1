// The JSON body of a POST lookup (HubSpot's search, for one). The admin writes it as JSON in
// the settings; placeholders are filled inside its STRING values only and the result goes out
// through JSON.stringify, so a caller's number can never add a key or end a string early.
import { isJsonObject } from '../protocol/safe-json.js';
import { parseTemplate } from '../templates/template-syntax.js';
import { resolvePlaceholder, type TemplateValues } from '../templates/template-values.js';

const MAX_DEPTH = 8;

export type BodyResult = { ok: true; text: string } | { ok: false; error: string };

export function renderJsonBody(body: unknown, values: TemplateValues): BodyResult {
  try {
    return { ok: true, text: JSON.stringify(fill(body, values, 0)) };
  } catch (error) {
    return { ok: false, error: `lookup.body: ${(error as Error).message}` };
  }
}

function fill(value: unknown, values: TemplateValues, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Error(`is nested deeper than ${MAX_DEPTH} levels`);
  if (typeof value === 'string') return fillText(value, values);
  if (Array.isArray(value)) return value.map((item) => fill(item, values, depth + 1));
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = fill(item, values, depth + 1);
    return out;
  }
  return value;
}

function fillText(text: string, values: TemplateValues): string {
  const parsed = parseTemplate(text);
  if (parsed.problems.length > 0) throw new Error(parsed.problems[0]);
  let out = '';
  for (const segment of parsed.segments) {
    if (segment.kind === 'text') {
      out += segment.text;
      continue;
    }
    const resolved = resolvePlaceholder(values, segment.name, segment.format);
    if (!resolved.ok) throw new Error(resolved.error);
    out += resolved.value;
  }
  return out;
}
