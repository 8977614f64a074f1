// The shape of a CRM preset. Presets are plain data (one file per CRM next to this one): what
// the admin must type (instance host, portal id…), the format the CRM keeps phone numbers in,
// and the ordinary rule they turn into. expand-preset.ts is the one place inputs are checked
// and substituted; nothing here runs code.

/** English and Romanian text, as every admin-facing string of the app. */
export interface PresetText {
  en: string;
  ro: string;
}

/**
 * Where an input lands in the URL, which decides how it is checked and encoded:
 *  - `host`:  a whole host name (and optional :port) — checked as a DNS name, never encoded;
 *  - `label`: one DNS label put in front of the CRM's own domain (a subdomain such as "acme");
 *  - `path`:  a path of plain segments (/crm/search) — checked, never encoded, no "..";
 *  - `text`:  anything else in the path or query — percent-encoded.
 * host and label inputs may only sit in the authority, path and text only after it.
 */
export type PresetInputKind = 'host' | 'label' | 'path' | 'text';

export interface PresetInput {
  /** Name used in the config file (`inputs.portalId`) and as `<portalId>` in the templates. */
  key: string;
  kind: PresetInputKind;
  label: PresetText;
  /** Anchored regular expression source the value must match (on top of the kind's checks). */
  pattern: string;
  /** A value that matches `pattern`, shown as the field's placeholder. */
  example: string;
  /** Used when the admin leaves the input out. */
  default?: string;
  /** One sentence telling the admin where to find the value. */
  help?: PresetText;
}

/**
 * How the CRM stores phone numbers, so the rule (and the lookup, which tries formats in turn)
 * starts with the one most likely to match: `+40721234567`, `0721234567`, `40721234567`, or
 * the last N digits for CRMs that search "contains".
 */
export type PresetNumberFormat = 'e164' | 'national' | 'digits' | 'lastN';

/** The rule a preset produces; `open` holds `<inputKey>` markers and ordinary placeholders. */
export interface PresetRuleTemplate {
  name: string;
  open: string;
  direction?: 'inbound' | 'outbound' | 'any';
  pop?: 'auto' | 'click' | 'off';
}

export interface CrmPreset {
  id: string;
  name: PresetText;
  /** The CRM's public documentation of the URL the rule builds (checked by a test per preset). */
  docs: string;
  inputs: readonly PresetInput[];
  numberFormat: PresetNumberFormat;
  /** For `lastN`: how many trailing digits. */
  lastDigits?: number;
  rule: PresetRuleTemplate;
  /**
   * The contact-lookup scenario for CRMs with a public search API. Typed loosely on purpose:
   * the lookup module owns its schema and validates this when a preset is expanded.
   */
  lookup?: unknown;
}
