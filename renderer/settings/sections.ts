// The plain settings sections (everything except the rules list), built from one table so the
// patch sent to saveSettings and the error paths coming back share the same dotted names.
import type { SettingsPatch, SettingsView } from '../../electron/shared/ipc-contract.js';
import { isLocked } from '../common/locks.js';
import { isPageStringKey, t, tAny } from '../common/i18n.js';
import type { PageStringKey } from '../common/strings-en.js';
import {
  checkbox,
  createField,
  numberInput,
  linesInput,
  select,
  textInput,
  type Field,
  type FieldRegistry,
} from './fields.js';
import { BROWSER_TAB_FIELDS } from './browser-tab-fields.js';

/** `lines`: a textarea, one entry per line, saved as an array without the empty lines. */
type Kind = 'text' | 'optional-text' | 'number' | 'boolean' | 'select' | 'lines';

/** Every settings path that has a label in the page strings (so `t()` can prove it). */
export type FieldPath = PageStringKey extends infer K
  ? K extends `settings.fields.${infer P}.label`
    ? P
    : never
  : never;

export interface FieldDef {
  path: FieldPath;
  kind: Kind;
  options?: readonly string[];
  min?: number;
  max?: number;
}

export const SECTION_FIELDS: Record<string, readonly FieldDef[]> = {
  'section-connection': [
    { path: 'accolades.url', kind: 'text' },
    { path: 'accolades.crmId', kind: 'text' },
    { path: 'accolades.caFile', kind: 'optional-text' },
    { path: 'accolades.proxy', kind: 'optional-text' },
  ],
  'section-click2call': [
    { path: 'rest.account', kind: 'text' },
    { path: 'rest.deviceId', kind: 'text' },
    {
      path: 'rest.dialFormat',
      kind: 'select',
      options: ['national', 'e164', 'digits', 'as-typed'],
    },
  ],
  'section-phone': [
    { path: 'phone.defaultCountry', kind: 'text' },
    { path: 'phone.internalMaxDigits', kind: 'number', min: 0, max: 10 },
  ],
  'section-screenpop': [
    { path: 'screenPop.dedupeWindowSeconds', kind: 'number', min: 0, max: 3600 },
    { path: 'screenPop.burst', kind: 'number', min: 1, max: 100 },
    { path: 'screenPop.refillSeconds', kind: 'number', min: 0, max: 3600 },
    { path: 'screenPop.allowHttp', kind: 'boolean' },
    { path: 'screenPop.browser', kind: 'text' },
  ],
  'section-general': [
    { path: 'ui.startAtLogin', kind: 'boolean' },
    { path: 'ui.language', kind: 'select', options: ['auto', 'en', 'ro'] },
    { path: 'ui.notifications', kind: 'boolean' },
    { path: 'tel.confirmBeforeDial', kind: 'boolean' },
    { path: 'ui.dialShortcut', kind: 'text' },
  ],
  // Local integrations (docs/bridge-and-pairing.md): the schema checks the origins and ports,
  // saveSettings' errors come back to these fields by path ("bridge.allowedOrigins.1" → the list).
  'section-bridge': [
    { path: 'bridge.enabled', kind: 'boolean' },
    { path: 'bridge.port', kind: 'number', min: 1024, max: 65535 },
    { path: 'bridge.allowedOrigins', kind: 'lines' },
    { path: 'bridge.requireToken', kind: 'boolean' },
  ],
  'section-pairing': [
    { path: 'pairing.enabled', kind: 'boolean' },
    { path: 'pairing.port', kind: 'number', min: 1024, max: 65535 },
    { path: 'pairing.allowedOrigins', kind: 'lines' },
    { path: 'pairing.allowedServers', kind: 'lines' },
  ],
  // Its own file: the Browser tab section keeps its declarations together (browser-tab-fields.ts).
  'section-browser-tab': BROWSER_TAB_FIELDS,
  'section-lookup': [
    { path: 'lookup.url', kind: 'text' },
    { path: 'lookup.apiKeyHeader', kind: 'text' },
    { path: 'lookup.namePath', kind: 'text' },
    { path: 'lookup.timeoutMs', kind: 'number', min: 100, max: 10_000 },
    { path: 'lookup.cacheSeconds', kind: 'number', min: 0, max: 3600 },
  ],
};

function readPath(root: unknown, path: string): unknown {
  let node = root;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function controlFor(def: FieldDef, value: unknown): Field['control'] {
  switch (def.kind) {
    case 'boolean':
      return checkbox(value === true);
    case 'number':
      return numberInput(typeof value === 'number' ? value : 0, def.min ?? 0, def.max ?? 100);
    case 'select':
      return select(
        String(value ?? ''),
        (def.options ?? []).map((option) => ({
          value: option,
          // Options are plain strings of the settings schema: a missing label shows the key.
          label: tAny(`settings.options.${def.path}.${option}`),
        })),
      );
    case 'lines':
      return linesInput(Array.isArray(value) ? value.map(String) : []);
    default:
      return textInput(typeof value === 'string' ? value : '');
  }
}

export class SettingsSections {
  private readonly defs: FieldDef[] = Object.values(SECTION_FIELDS).flat();

  constructor(private readonly registry: FieldRegistry) {}

  render(settings: SettingsView): void {
    for (const [sectionId, defs] of Object.entries(SECTION_FIELDS)) {
      const container = document.querySelector<HTMLElement>(`#${sectionId} .fields`);
      if (!container) continue;
      container.replaceChildren();
      for (const def of defs) {
        const hintKey = `settings.fields.${def.path}.hint`;
        const field = createField({
          path: def.path,
          label: t(`settings.fields.${def.path}.label`),
          control: controlFor(def, readPath(settings.config, def.path)),
          ...(isPageStringKey(hintKey) ? { hint: t(hintKey) } : {}),
        });
        field.setLocked(isLocked(settings.lockedKeys, def.path), settings.policyNote);
        this.registry.add(field);
        container.append(field.row);
      }
    }
  }

  /** The patch for every unlocked field; locked ones are never sent. */
  patch(settings: SettingsView): SettingsPatch {
    const patch: Record<string, Record<string, unknown>> = {};
    for (const def of this.defs) {
      if (isLocked(settings.lockedKeys, def.path)) continue;
      const field = this.registry.get(def.path);
      if (!field) continue;
      const [section, key] = def.path.split('.') as [string, string];
      const control = field.control;
      let value: unknown;
      if (def.kind === 'boolean') value = (control as HTMLInputElement).checked;
      else if (def.kind === 'number')
        value = control.value === '' ? Number.NaN : Number(control.value);
      else if (def.kind === 'lines')
        value = control.value
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
      else if (def.kind === 'optional-text')
        value = control.value.trim() === '' ? undefined : control.value.trim();
      else value = control.value.trim();
      (patch[section] ??= {})[key] = value;
    }
    return patch as SettingsPatch;
  }
}
