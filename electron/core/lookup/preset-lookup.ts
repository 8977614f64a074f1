// A preset's contact lookup with the admin's inputs: the inputs are checked by the preset's own
// expansion (expand-preset.ts: host and label inputs are plain DNS names, text inputs get
// percent-encoded), then put where the block's `<key>` markers are, and the result is parsed
// by the lookup schema and checked like a lookup an admin wrote by hand.
import { lookupSchema, type LookupConfig } from '../config/schema.js';
import { expandPreset } from '../presets/expand-preset.js';
import { findPreset } from '../presets/index.js';
import { lookupConfigProblems } from './contact-lookup.js';

const MARKER = /<([A-Za-z][A-Za-z0-9_]*)>/g;
const URL_FIELDS = ['url', 'contactUrl', 'newContactUrl'] as const;

export type PresetLookupResult =
  { ok: true; lookup: LookupConfig } | { ok: false; problems: string[] };

export function presetLookup(
  presetId: string,
  inputs: Readonly<Record<string, string>>,
): PresetLookupResult {
  const preset = findPreset(presetId);
  if (!preset) return { ok: false, problems: [`"${presetId}" is not a preset`] };
  if (preset.lookup === undefined)
    return { ok: false, problems: [`the ${preset.name.en} preset has no contact lookup`] };
  const expanded = expandPreset(preset, inputs);
  if (!expanded.ok) return { ok: false, problems: expanded.issues.map((i) => i.message) };
  const kinds = new Map(preset.inputs.map((input) => [input.key, input]));
  const valueOf = (key: string): string | undefined => {
    const input = kinds.get(key);
    if (!input) return undefined;
    const value = Object.hasOwn(inputs, key) ? inputs[key] : input.default;
    if (value === undefined) return undefined;
    if (input.kind === 'host' || input.kind === 'label') return value.toLowerCase();
    return input.kind === 'text' ? encodeURIComponent(value) : value;
  };
  const block = { ...(preset.lookup as Record<string, unknown>) };
  const problems: string[] = [];
  for (const field of URL_FIELDS) {
    const text = block[field];
    if (typeof text !== 'string') continue;
    block[field] = text.replace(MARKER, (marker, key: string) => {
      const value = valueOf(key);
      if (value === undefined) problems.push(`lookup.${field}: unknown input ${marker}`);
      return value ?? marker;
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = lookupSchema.safeParse(block);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => i.message) };
  const checked = lookupConfigProblems(parsed.data);
  return checked.length > 0 ? { ok: false, problems: checked } : { ok: true, lookup: parsed.data };
}
