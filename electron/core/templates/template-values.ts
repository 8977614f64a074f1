// What a placeholder can say, and in which formats.
//
// Placeholders:
//   {number}      the number as received from Accolades, untouched
//   {e164}        +40712345678 (no E.164 form → render error, so a CRM is never searched for "")
//   {national}    0712345678 (as dialled from the default country; digits for internal numbers)
//   {digits}      digits only of the number as received
//   {last<N>}     the last N digits (N from 1 to 15) of the number, e.g. {last9} → 721234567
//                 for 0721 234 567, +40721234567 and 0040721234567 alike; a number with fewer
//                 digits gives all it has (same as {digits|last9})
//   {direction}   inbound | outbound
//   {crmId}       the agent's Accolades CRM id
//   {time}        when the call arrived, ISO 8601 UTC
//   {contactId}   the id of a contact the CRM lookup found (lookup.contactUrl only)
//   {config.<path>} a field of the configuration answer, when that answer is JSON; the path is
//                 dot-separated object keys or array indexes: {config.agent.crmUserId},
//                 {config.queues.0.name}. Only strings, numbers and booleans can be inserted.
//
// Formats (after a |):
//   number placeholders: raw | e164 | national | digits | noplus (E.164 without +) |
//                        intl00 (E.164 with 00 instead of +) | last<N> (last N digits, 1–15,
//                        e.g. last9 finds 0712345678 and +40712345678 alike)
//   {time}: iso (default) | date (YYYY-MM-DD, UTC) | epoch (seconds) | epochms
//   {direction}: lower (default) | upper | short (in / out)
//   text values ({crmId}, {config.*}): lower | upper
import type { CallDirection, PhoneNumberFormats } from '../calls.js';

/** Everything a template can draw from, for one call. */
export interface TemplateValues {
  direction: CallDirection;
  number: PhoneNumberFormats;
  crmId: string;
  /** Wall-clock ms when the call notification arrived. */
  timeMs: number;
  /** The configuration answer: parsed JSON when it was JSON, else the raw string or undefined. */
  configuration: unknown;
  /** The id of the contact the lookup found, for lookup.contactUrl; unset everywhere else. */
  contactId?: string;
}

export type ValueResult = { ok: true; value: string } | { ok: false; error: string };

const NUMBER_NAMES = ['number', 'e164', 'national', 'digits'] as const;
type NumberName = (typeof NUMBER_NAMES)[number];
const NUMBER_FORMATS = ['raw', 'e164', 'national', 'digits', 'noplus', 'intl00'];
const TIME_FORMATS = ['iso', 'date', 'epoch', 'epochms'];
const DIRECTION_FORMATS = ['lower', 'upper', 'short'];
const TEXT_FORMATS = ['lower', 'upper'];

export const PLACEHOLDER_NAMES = [
  ...NUMBER_NAMES,
  'last<N>',
  'direction',
  'crmId',
  'time',
  'contactId',
  'config.<path>',
];

function isNumberName(name: string): name is NumberName {
  return (NUMBER_NAMES as readonly string[]).includes(name);
}

/** True for the placeholders drawn from the caller's number ({number}, {e164}, {last9}, …). */
export function isNumberPlaceholder(name: string): boolean {
  return isNumberName(name) || isLastN(name) !== undefined;
}

function isLastN(format: string): number | undefined {
  const m = /^last(\d{1,2})$/.exec(format);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= 15 ? n : undefined;
}

/** A problem with a placeholder name/format (checked when a rule is saved), or undefined. */
export function checkPlaceholder(name: string, format: string | undefined): string | undefined {
  const known = (formats: string[], extra = ''): string | undefined =>
    format === undefined || formats.includes(format)
      ? undefined
      : `Unknown format "${format}" for {${name}}; use ${formats.join(', ')}${extra}.`;
  if (isLastN(name) !== undefined) {
    return format === undefined ? undefined : `{${name}} takes no format (write {${name}} alone).`;
  }
  if (/^last\d+$/.test(name)) return `{${name}}: N in {last<N>} must be from 1 to 15.`;
  if (isNumberName(name)) {
    if (format !== undefined && isLastN(format) !== undefined) return undefined;
    return known(NUMBER_FORMATS, ' or last<N> (N from 1 to 15)');
  }
  if (name === 'time') return known(TIME_FORMATS);
  if (name === 'direction') return known(DIRECTION_FORMATS);
  if (name === 'crmId' || name === 'contactId') return known(TEXT_FORMATS);
  if (name.startsWith('config.') && name.length > 'config.'.length) return known(TEXT_FORMATS);
  return `Unknown placeholder {${name}}; known placeholders: ${PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(', ')}.`;
}

/** The text a placeholder stands for in this call (not yet encoded for its position). */
export function resolvePlaceholder(
  values: TemplateValues,
  name: string,
  format: string | undefined,
): ValueResult {
  const problem = checkPlaceholder(name, format);
  if (problem) return { ok: false, error: problem };
  if (isLastN(name) !== undefined) return numberValue(values.number, name);
  if (isNumberName(name)) return numberValue(values.number, format ?? defaultNumberFormat(name));
  if (name === 'time') return timeValue(values.timeMs, format ?? 'iso');
  if (name === 'direction') {
    const d = values.direction;
    if (format === 'upper') return { ok: true, value: d.toUpperCase() };
    if (format === 'short') return { ok: true, value: d === 'inbound' ? 'in' : 'out' };
    return { ok: true, value: d };
  }
  const text =
    name === 'crmId'
      ? { ok: true as const, value: values.crmId }
      : name === 'contactId'
        ? contactIdValue(values.contactId)
        : configValue(values.configuration, name);
  if (!text.ok) return text;
  if (format === 'upper') return { ok: true, value: text.value.toUpperCase() };
  if (format === 'lower') return { ok: true, value: text.value.toLowerCase() };
  return text;
}

function defaultNumberFormat(name: NumberName): string {
  return name === 'number' ? 'raw' : name;
}

function numberValue(number: PhoneNumberFormats, format: string): ValueResult {
  const noE164: ValueResult = {
    ok: false,
    error: `The number "${number.raw}" (${number.kind}) has no international (E.164) form.`,
  };
  const last = isLastN(format);
  if (last !== undefined) {
    if (number.digits === '')
      return { ok: false, error: `The number "${number.raw}" has no digits.` };
    return { ok: true, value: number.digits.slice(-last) };
  }
  switch (format) {
    case 'raw':
      return { ok: true, value: number.raw };
    case 'e164':
      return number.e164 ? { ok: true, value: number.e164 } : noE164;
    case 'noplus':
      return number.e164 ? { ok: true, value: number.e164.slice(1) } : noE164;
    case 'intl00':
      return number.e164 ? { ok: true, value: `00${number.e164.slice(1)}` } : noE164;
    case 'national':
      return { ok: true, value: number.national };
    default:
      return { ok: true, value: number.digits };
  }
}

function timeValue(timeMs: number, format: string): ValueResult {
  const date = new Date(timeMs);
  if (!Number.isFinite(date.getTime())) return { ok: false, error: 'The call has no valid time.' };
  if (format === 'date') return { ok: true, value: date.toISOString().slice(0, 10) };
  if (format === 'epoch') return { ok: true, value: String(Math.floor(timeMs / 1000)) };
  if (format === 'epochms') return { ok: true, value: String(Math.floor(timeMs)) };
  return { ok: true, value: date.toISOString() };
}

function contactIdValue(contactId: string | undefined): ValueResult {
  return contactId === undefined || contactId === ''
    ? { ok: false, error: "{contactId} is known only in the lookup's contact link." }
    : { ok: true, value: contactId };
}

function configValue(configuration: unknown, name: string): ValueResult {
  const path = name.split('.').slice(1);
  if (configuration === null || typeof configuration !== 'object') {
    return { ok: false, error: `{${name}} needs a JSON configuration answer, and there is none.` };
  }
  let current: unknown = configuration;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      return { ok: false, error: `{${name}}: the configuration answer has no "${key}" there.` };
    }
    current = (current as Record<string, unknown>)[key];
  }
  if (typeof current === 'string') return { ok: true, value: current };
  if (typeof current === 'number' || typeof current === 'boolean')
    return { ok: true, value: String(current) };
  return {
    ok: false,
    error: `{${name}} is ${current === null ? 'null' : 'not a single value'} in the configuration answer.`,
  };
}
