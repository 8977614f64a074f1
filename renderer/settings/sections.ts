// The plain settings sections (everything except the rules list), built from one table so the
// patch sent to saveSettings and the error paths coming back share the same dotted names.
// Only what the agent changed is sent: an untouched field must not become "the agent's own
// value", which would hide a later administrator default. A field put back to the
// administrator's default is sent as null (RFC 7396: remove the agent's value, follow theirs).
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
    { path: 'lookup.method', kind: 'select', options: ['GET', 'POST'] },
    { path: 'lookup.apiKeyHeader', kind: 'text' },
    {
      path: 'lookup.apiKeyScheme',
      kind: 'select',
      options: ['plain', 'bearer', 'basic', 'zoho-oauthtoken'],
    },
    { path: 'lookup.numberFormats', kind: 'lines' },
    { path: 'lookup.listPath', kind: 'text' },
    { path: 'lookup.idPath', kind: 'text' },
    { path: 'lookup.namePath', kind: 'text' },
    { path: 'lookup.companyPath', kind: 'text' },
    { path: 'lookup.contactUrl', kind: 'text' },
    { path: 'lookup.contactUrlPath', kind: 'text' },
    { path: 'lookup.contactOrigins', kind: 'lines' },
    { path: 'lookup.newContactUrl', kind: 'text' },
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

/** The control's value in the shape of the settings schema (what saveSettings gets). */
function controlValue(def: FieldDef, control: Field['control']): unknown {
  if (def.kind === 'boolean') return (control as HTMLInputElement).checked;
  if (def.kind === 'number') return control.value === '' ? Number.NaN : Number(control.value);
  if (def.kind === 'lines')
    return control.value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  if (def.kind === 'optional-text')
    return control.value.trim() === '' ? undefined : control.value.trim();
  return control.value.trim();
}

/** Puts a settings value into an existing control (the "reset to the admin default" button). */
function setControlValue(def: FieldDef, control: Field['control'], value: unknown): void {
  if (def.kind === 'boolean') (control as HTMLInputElement).checked = value === true;
  else if (def.kind === 'lines') control.value = Array.isArray(value) ? value.join('\n') : '';
  else control.value = value === undefined || value === null ? '' : String(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return JSON.stringify(a) === JSON.stringify(b);
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
  /** Each field's value as last rendered: the baseline "changed" is measured against. */
  private readonly shown = new Map<string, unknown>();

  /** `onReset`: a field was put back to the administrator's default (the form is now dirty). */
  constructor(
    private readonly registry: FieldRegistry,
    private readonly onReset: (field: Field) => void = () => {},
  ) {}

  render(settings: SettingsView): void {
    const adminDefaults = settings.adminDefaults ?? {};
    const inEffect = new Set(settings.adminDefaultsInEffect ?? []);
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
        this.shown.set(def.path, controlValue(def, field.control));
        if (Object.prototype.hasOwnProperty.call(adminDefaults, def.path)) {
          const adminValue = adminDefaults[def.path];
          field.setAdminDefault(inEffect.has(def.path) ? 'in-effect' : 'changed', () => {
            setControlValue(def, field.control, adminValue);
            field.setAdminDefault('in-effect');
            this.onReset(field);
          });
        }
        this.registry.add(field);
        container.append(field.row);
      }
    }
  }

  /**
   * The patch of what the agent changed; locked fields are never sent. A field whose value is
   * the administrator's default again is sent as null when the agent had their own value.
   */
  patch(settings: SettingsView): SettingsPatch {
    const patch: Record<string, Record<string, unknown>> = {};
    const adminDefaults = settings.adminDefaults ?? {};
    const inEffect = new Set(settings.adminDefaultsInEffect ?? []);
    for (const def of this.defs) {
      if (isLocked(settings.lockedKeys, def.path)) continue;
      const field = this.registry.get(def.path);
      if (!field) continue;
      const [section, key] = def.path.split('.') as [string, string];
      const value = controlValue(def, field.control);
      const hasAdminDefault = Object.prototype.hasOwnProperty.call(adminDefaults, def.path);
      let send: unknown;
      if (hasAdminDefault && sameValue(value, adminDefaults[def.path])) {
        if (inEffect.has(def.path)) continue;
        send = null;
      } else if (sameValue(value, this.shown.get(def.path))) {
        continue;
      } else {
        // A cleared optional field removes the agent's value (undefined would not travel).
        send = value === undefined ? null : value;
      }
      (patch[section] ??= {})[key] = send;
    }
    return patch as SettingsPatch;
  }
}
