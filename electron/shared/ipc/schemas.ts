// The zod pieces the method declarations (methods.ts) are built from. They check shape and
// bounds only: the meaning (is this rule valid, is this a phone number) is the core's job and
// comes back as plain-words problems.
import { z } from 'zod';
import type { RuleInput, SettingsPatch } from './views.js';

/** Longest free text we accept from a page (a number field, a search box). */
export const MAX_SHORT_TEXT = 200;
/** An SMS may be long (concatenated), but not unbounded. */
export const MAX_SMS_TEXT = 2000;

/** For methods that take no request object. */
export const noPayload = z.undefined();
/** Ids we hand out (call ids, dial request ids): short, no separators that could mean a path. */
export const opaqueIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a valid id');

const directionSchema = z.enum(['inbound', 'outbound']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Rough size guard so a hostile page cannot make us walk a gigantic object. */
function jsonSizeAtMost(value: unknown, maxChars: number): boolean {
  try {
    const text = JSON.stringify(value);
    return typeof text === 'string' && text.length <= maxChars;
  } catch {
    return false;
  }
}

const SETTINGS_SECTIONS = [
  'accolades',
  'rest',
  'phone',
  'screenPop',
  'rules',
  'tel',
  'bridge',
  'pairing',
  'lookup',
  'browserTab',
  'ui',
] as const;

/** A rule as typed in the editor: a plain object; the core explains what is wrong with it. */
const ruleInputSchema = z.custom<RuleInput>(
  (value) => isPlainObject(value) && jsonSizeAtMost(value, 20_000),
  'a rule must be an object',
);

/** A settings patch: known sections only, each a plain object (`rules`: an array of objects). */
export const settingsPatchSchema = z.custom<SettingsPatch>((value) => {
  if (!isPlainObject(value) || !jsonSizeAtMost(value, 500_000)) return false;
  return Object.entries(value).every(([key, section]) => {
    if (!(SETTINGS_SECTIONS as readonly string[]).includes(key)) return false;
    if (key === 'rules')
      return Array.isArray(section) && section.length <= 200 && section.every(isPlainObject);
    // Paired browsers change only through pairing and unpairing, never by a page's save: a
    // saved entry would let that origin in.
    if (key === 'browserTab' && isPlainObject(section) && 'pairedExtensions' in section)
      return false;
    return isPlainObject(section);
  });
}, 'settings must be an object of known sections');

export const ruleTestRequestSchema = z.strictObject({
  rule: ruleInputSchema,
  sampleNumber: z.string().max(MAX_SHORT_TEXT),
  direction: directionSchema,
});
