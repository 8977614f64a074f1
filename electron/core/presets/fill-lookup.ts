// A preset's contact-lookup block with the admin's inputs in place of its `<key>` markers. The
// inputs are checked by the preset's own expansion first (host and label inputs are plain DNS
// names, text inputs get percent-encoded), so a lookup can never be moved to another host by an
// input. Pure: the config schema (`lookup: { "preset": … }`) and the lookup's own preview use it.
import { expandPreset } from './expand-preset.js';
import { findPreset, PRESET_IDS } from './index.js';

const MARKER = /<([A-Za-z][A-Za-z0-9_]*)>/g;
const URL_FIELDS = ['url', 'contactUrl', 'newContactUrl'] as const;

/** Where a problem is: '' for the preset itself, else the input's key. */
export interface FillProblem {
  input: string;
  message: string;
}

export type FilledLookup =
  { ok: true; block: Record<string, unknown> } | { ok: false; problems: FillProblem[] };

export function fillPresetLookup(
  presetId: string,
  inputs: Readonly<Record<string, string>>,
): FilledLookup {
  const preset = findPreset(presetId);
  if (!preset) {
    const message = `"${presetId}" is not a preset; use one of ${PRESET_IDS.join(', ')}`;
    return { ok: false, problems: [{ input: '', message }] };
  }
  if (preset.lookup === undefined) {
    const message = `the ${preset.name.en} preset has no contact lookup`;
    return { ok: false, problems: [{ input: '', message }] };
  }
  const expanded = expandPreset(preset, inputs);
  if (!expanded.ok) return { ok: false, problems: expanded.issues };
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
  const problems: FillProblem[] = [];
  for (const field of URL_FIELDS) {
    const text = block[field];
    if (typeof text !== 'string') continue;
    block[field] = text.replace(MARKER, (marker, key: string) => {
      const value = valueOf(key);
      if (value === undefined) problems.push({ input: '', message: `unknown input ${marker}` });
      return value ?? marker;
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, block };
}
