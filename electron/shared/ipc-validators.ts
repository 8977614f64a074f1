// Zod validators for every request payload of the IPC contract. The main-side wrapper runs the
// payload (as `unknown`) through these before any handler sees it; renderer pages may use them
// to check input early. They check shape and bounds only: the meaning (is this rule valid, is
// this a phone number) is the core's job and comes back as plain-words problems.
import { z } from 'zod';
import type { InvokeName, InvokeRequest, RuleInput, SettingsPatch } from './ipc-contract.js';

/** Longest free text we accept from a page (a number field, a search box). */
const MAX_SHORT_TEXT = 200;
/** An SMS may be long (concatenated), but not unbounded. */
const MAX_SMS_TEXT = 2000;

const noPayload = z.undefined();

/** Ids we hand out (call ids, dial request ids): short, no separators that could mean a path. */
export const opaqueIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a valid id');

const directionSchema = z.enum(['inbound', 'outbound']);
const languageSettingSchema = z.enum(['auto', 'en', 'ro']);

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
  'ui',
] as const;

/** A rule as typed in the editor: a plain object; the core explains what is wrong with it. */
export const ruleInputSchema = z.custom<RuleInput>(
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
    return isPlainObject(section);
  });
}, 'settings must be an object of known sections');

const ruleTestRequestSchema = z.strictObject({
  rule: ruleInputSchema,
  sampleNumber: z.string().max(MAX_SHORT_TEXT),
  direction: directionSchema,
});

/** The validator for every invoke channel; `satisfies` keeps it complete and type-exact. */
export const requestValidators = {
  getStatus: noPayload,
  reconnectNow: noPayload,
  setPaused: z.strictObject({ paused: z.boolean() }),
  getSettings: noPayload,
  saveSettings: settingsPatchSchema,
  setRestPassword: z.strictObject({ password: z.string().max(500) }),
  testCredentials: noPayload,
  // The page only asks (and says whether the CRM ID goes in); main picks and reads/writes the
  // file through native dialogs.
  exportSettings: z.strictObject({ includeCrmId: z.boolean() }).optional(),
  importSettings: noPayload,
  setBridgeToken: z.strictObject({ token: z.string().max(500) }),
  setLookupApiKey: z.strictObject({ apiKey: z.string().max(2000) }),
  previewRule: ruleTestRequestSchema,
  testRule: ruleTestRequestSchema,
  normalizeNumber: z.strictObject({ text: z.string().max(MAX_SHORT_TEXT) }),
  dial: z.strictObject({ number: z.string().min(1).max(MAX_SHORT_TEXT) }),
  checkSms: z.strictObject({ text: z.string().max(MAX_SMS_TEXT) }),
  sendSms: z.strictObject({
    number: z.string().min(1).max(MAX_SHORT_TEXT),
    text: z.string().min(1).max(MAX_SMS_TEXT),
  }),
  listHistory: z.strictObject({
    query: z.string().max(MAX_SHORT_TEXT).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  reopenCall: z.strictObject({ callId: opaqueIdSchema }),
  callBack: z.strictObject({ callId: opaqueIdSchema }),
  exportHistoryCsv: noPayload,
  listDialRequests: noPayload,
  confirmDial: z.strictObject({ requestId: opaqueIdSchema, accept: z.boolean() }),
  getLocale: noPayload,
  setLanguage: z.strictObject({ language: languageSettingSchema }),
  openWindow: z.strictObject({ window: z.enum(['settings', 'dialer', 'history', 'about']) }),
  getAppInfo: noPayload,
} satisfies { [K in InvokeName]: z.ZodType<InvokeRequest<K>> };

export type RequestValidators = typeof requestValidators;
