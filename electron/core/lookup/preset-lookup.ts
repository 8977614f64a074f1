// A preset's contact lookup with the admin's inputs (presets/fill-lookup.ts puts them in), parsed
// by the lookup schema and checked like a lookup an admin wrote by hand.
import { lookupSchema, type LookupConfig } from '../config/schema.js';
import { fillPresetLookup } from '../presets/fill-lookup.js';
import { lookupConfigProblems } from './lookup-config.js';

export type PresetLookupResult =
  { ok: true; lookup: LookupConfig } | { ok: false; problems: string[] };

export function presetLookup(
  presetId: string,
  inputs: Readonly<Record<string, string>>,
): PresetLookupResult {
  const filled = fillPresetLookup(presetId, inputs);
  if (!filled.ok) return { ok: false, problems: filled.problems.map((p) => p.message) };
  const parsed = lookupSchema.safeParse(filled.block);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => i.message) };
  const checked = lookupConfigProblems(parsed.data);
  return checked.length > 0 ? { ok: false, problems: checked } : { ok: true, lookup: parsed.data };
}
