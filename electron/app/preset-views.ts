// The CRM presets for the settings window: the list it offers, and a preset + inputs turned into
// the ordinary rule the rules editor then holds. The checks and the substitution are the core's
// (expandPreset), the same code a `preset` key in a config file goes through.
import { CRM_PRESETS, expandPreset, findPreset } from '../core/presets/index.js';
import type { PresetView, Result, RuleInput } from '../shared/ipc-contract.js';

export function presetViews(): PresetView[] {
  return CRM_PRESETS.map((preset) => ({
    id: preset.id,
    name: { ...preset.name },
    docs: preset.docs,
    numberFormat: preset.numberFormat,
    inputs: preset.inputs.map((input) => ({
      key: input.key,
      label: { ...input.label },
      ...(input.help ? { help: { ...input.help } } : {}),
      pattern: input.pattern,
      example: input.example,
      ...(input.default !== undefined ? { default: input.default } : {}),
    })),
  }));
}

export function expandPresetForEditor(
  id: string,
  inputs: Readonly<Record<string, string>>,
): Result<{ rule: RuleInput }> {
  const preset = findPreset(id);
  if (!preset) return { ok: false, code: 'not-found', error: `"${id}" is not a preset.` };
  const expanded = expandPreset(preset, inputs);
  if (expanded.ok) return { ok: true, rule: expanded.rule };
  const errors = expanded.issues.map((issue) => ({
    path: issue.input === '' ? '' : `inputs.${issue.input}`,
    message: issue.message,
  }));
  return { ok: false, code: 'invalid', error: errors.map((e) => e.message).join(' '), errors };
}
