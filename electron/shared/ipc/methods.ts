// Every IPC method, declared once: its request schema (zod; the guard runs every payload
// through it before a handler sees it), its response type, and which pages may call it. All the
// rest is derived from this table: the channel names, the handler table main must implement
// (electron/main/ipc/handlers.ts, proven complete by tsc), the validators, the names the preload
// exposes per window (connector-api.ts) and the type of `window.connector`.
//
// Adding a method: one entry here, its handler in handlers.ts, and a test.
import { z } from 'zod';
import { EXTENSION_ORIGIN_PATTERN } from '../../core/config/extension-origin.js';
import type { PageName } from './pages.js';
import {
  MAX_SHORT_TEXT,
  MAX_SMS_TEXT,
  noPayload,
  opaqueIdSchema,
  ruleTestRequestSchema,
  settingsPatchSchema,
} from './schemas.js';
import type {
  ActionOutcome,
  BrowserTabView,
  ContactChoicesView,
  LookupPreviewView,
  DialDone,
  DialRequestView,
  HistoryPageView,
  LanguageCode,
  LanguageSetting,
  NumberCheck,
  PresetView,
  Result,
  RuleInput,
  RulePreview,
  RuleTestNotRun,
  SettingsView,
  SmsDone,
  StatusView,
} from './views.js';

/** One method: the request schema, who may call it, and (type only) what it answers. */
interface MethodDeclaration<Schema extends z.ZodType, Response extends Result> {
  readonly request: Schema;
  /** The pages whose window may call it; the guard refuses every other sender. */
  readonly callers: readonly PageName[];
  /** Never set: carries the response type. */
  readonly response?: Response;
}

/** `answers<Response>()({ request, callers })`: the response is a type, the rest is data. */
function answers<Response extends Result>() {
  return <Schema extends z.ZodType>(declaration: {
    request: Schema;
    callers: readonly PageName[];
  }): MethodDeclaration<Schema, Response> => declaration;
}

type Language = { language: LanguageCode; setting: LanguageSetting };

export const METHODS = {
  getStatus: answers<Result<{ status: StatusView }>>()({
    request: noPayload,
    callers: ['settings'],
  }),

  getSettings: answers<Result<{ settings: SettingsView }>>()({
    request: noPayload,
    callers: ['settings'],
  }),
  saveSettings: answers<Result<{ settings: SettingsView }>>()({
    request: settingsPatchSchema,
    callers: ['settings'],
  }),
  /** Write-only: the password never comes back. */
  setRestPassword: answers<Result<{ settings: SettingsView }>>()({
    request: z.strictObject({ password: z.string().max(500) }),
    callers: ['settings'],
  }),
  /** REST `ping` with the saved account and password. */
  testCredentials: answers<Result<{ message: string }>>()({
    request: noPayload,
    callers: ['settings'],
  }),
  /**
   * Main asks where to save (native dialog) and writes the agent's own settings there as JSON,
   * without secrets, and without the CRM ID unless `includeCrmId` (an export is made to be
   * mailed). The page sends no path and no content.
   */
  exportSettings: answers<Result<{ fileName: string } | { cancelled: true }>>()({
    request: z.strictObject({ includeCrmId: z.boolean() }).optional(),
    callers: ['settings'],
  }),
  /**
   * Main asks which file to open (native dialog), checks it and saves it like any save; keys
   * the admin policy locks are left out and listed in `skippedLocked`. Nothing is saved when the
   * file has any problem (the failure says what, `errors` per field). When the file changes
   * which programs run or where passwords, keys and calls go, main lists that in a message box
   * first: `securityChanges` are those lines (in the UI language, [] when there were none), and
   * `declined` means the agent cancelled there and nothing was changed.
   */
  importSettings: answers<
    Result<
      | {
          fileName: string;
          settings: SettingsView;
          skippedLocked: string[];
          securityChanges: string[];
        }
      | { fileName: string; declined: true; securityChanges: string[] }
      | { cancelled: true }
    >
  >()({ request: noPayload, callers: ['settings'] }),
  /** Write-only, like the REST password: stores the local bridge token ('' deletes it). */
  setBridgeToken: answers<Result<{ settings: SettingsView }>>()({
    request: z.strictObject({ token: z.string().max(500) }),
    callers: ['settings'],
  }),
  /** Write-only: stores the caller-name lookup API key ('' deletes it). */
  setLookupApiKey: answers<Result<{ settings: SettingsView }>>()({
    request: z.strictObject({ apiKey: z.string().max(2000) }),
    callers: ['settings'],
  }),

  /** The Browser tab section: paired browsers, connected extensions, bridge port. */
  getBrowserTab: answers<Result<{ browserTab: BrowserTabView }>>()({
    request: noPayload,
    callers: ['settings'],
  }),
  /**
   * A 6-digit code (2 minutes, single use) the agent types into the extension's options page.
   * Refused while the bridge is off or the admin locks browserTab.pairedExtensions.
   */
  startBrowserPairing: answers<Result<{ code: string; expiresAt: number; port: number }>>()({
    request: noPayload,
    callers: ['settings'],
  }),
  /** Closes the open code (the agent closed the code display). */
  cancelBrowserPairing: answers<Result>()({ request: noPayload, callers: ['settings'] }),
  /** Forgets a paired browser; its connection is cut at once. */
  unpairBrowser: answers<Result<{ browserTab: BrowserTabView }>>()({
    request: z.strictObject({ origin: z.string().max(200).regex(EXTENSION_ORIGIN_PATTERN) }),
    callers: ['settings'],
  }),

  /** Pure: renders the rule for a sample number; launches nothing. */
  previewRule: answers<Result<{ preview: RulePreview }>>()({
    request: ruleTestRequestSchema,
    callers: ['settings'],
  }),
  /**
   * Runs the rule for real (opens the URL / starts the program) when the agent may edit the
   * rules; a program only after main's message box naming it got a yes. Otherwise nothing is
   * started and `notRun` says why (the preview is still there).
   */
  testRule: answers<
    Result<{ preview: RulePreview; outcomes: ActionOutcome[]; notRun?: RuleTestNotRun }>
  >()({ request: ruleTestRequestSchema, callers: ['settings'] }),

  /** The CRM presets the rules editor offers ("Add rule from a preset"). Plain data. */
  listPresets: answers<Result<{ presets: PresetView[] }>>()({
    request: noPayload,
    callers: ['settings'],
  }),
  /**
   * A preset and the admin's inputs → the ordinary rule (checked and substituted in main, the
   * same code as a `preset` key in the config file); a bad input comes back at `inputs.<key>`.
   */
  expandPreset: answers<Result<{ rule: RuleInput }>>()({
    request: z.strictObject({
      id: z.string().max(50),
      inputs: z
        .record(z.string().max(60), z.string().max(1000))
        .refine((inputs) => Object.keys(inputs).length <= 20, 'too many inputs'),
    }),
    callers: ['settings'],
  }),

  normalizeNumber: answers<Result<NumberCheck>>()({
    request: z.strictObject({ text: z.string().max(MAX_SHORT_TEXT) }),
    callers: ['dialer'],
  }),
  dial: answers<Result<DialDone>>()({
    request: z.strictObject({ number: z.string().min(1).max(MAX_SHORT_TEXT) }),
    callers: ['dialer'],
  }),
  /** Pure: length / diacritics warnings while typing. */
  checkSms: answers<Result<{ warnings: string[]; length: number; segments: number }>>()({
    request: z.strictObject({ text: z.string().max(MAX_SMS_TEXT) }),
    callers: ['dialer'],
  }),
  sendSms: answers<Result<SmsDone>>()({
    request: z.strictObject({
      number: z.string().min(1).max(MAX_SHORT_TEXT),
      text: z.string().min(1).max(MAX_SMS_TEXT),
    }),
    callers: ['dialer'],
  }),

  /**
   * One page of the history, newest first, optionally matched against free text (number
   * formats, rule name, summary); `before` is the previous page's `next` cursor.
   */
  listHistory: answers<Result<HistoryPageView>>()({
    request: z.strictObject({
      query: z.string().max(MAX_SHORT_TEXT).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      before: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    }),
    callers: ['history'],
  }),
  reopenCall: answers<Result<{ outcomes: ActionOutcome[] }>>()({
    request: z.strictObject({ callId: opaqueIdSchema }),
    callers: ['history'],
  }),
  callBack: answers<Result<DialDone>>()({
    request: z.strictObject({ callId: opaqueIdSchema }),
    callers: ['history'],
  }),
  /** Asks where to save (native dialog) and writes the CSV there. */
  exportHistoryCsv: answers<Result<{ fileName: string; count: number } | { cancelled: true }>>()({
    request: noPayload,
    callers: ['history'],
  }),

  listDialRequests: answers<Result<{ requests: DialRequestView[] }>>()({
    request: noPayload,
    callers: ['confirm-dial'],
  }),
  /** Accept dials the pending request; decline forgets it. */
  confirmDial: answers<Result<DialDone | { cancelled: true }>>()({
    request: z.strictObject({ requestId: opaqueIdSchema, accept: z.boolean() }),
    callers: ['confirm-dial'],
  }),

  /** The settings "Test lookup": asks the CRM about a sample number now, past the cache. */
  testLookup: answers<Result<{ preview: LookupPreviewView }>>()({
    request: z.strictObject({ number: z.string().min(1).max(MAX_SHORT_TEXT) }),
    callers: ['settings'],
  }),
  /** The contacts a CRM lookup matched for one call (the picker window). */
  listContactChoices: answers<Result<{ choices: ContactChoicesView }>>()({
    request: z.strictObject({ callId: opaqueIdSchema }),
    callers: ['pick-contact'],
  }),
  /**
   * Opens the picked contact's page (an index into the stored matches; the link itself never
   * comes from the page) or, with 'search', the rule's own page. Same URL policy as a pop.
   */
  openContactChoice: answers<Result<{ outcomes: ActionOutcome[] }>>()({
    request: z.strictObject({
      callId: opaqueIdSchema,
      choice: z.union([z.number().int().min(0).max(49), z.literal('search')]),
    }),
    callers: ['pick-contact'],
  }),

  /** Every page is translated, so every page asks for the language. */
  getLocale: answers<Result<Language>>()({
    request: noPayload,
    callers: ['settings', 'dialer', 'history', 'confirm-dial', 'pick-contact'],
  }),
} as const;

type Methods = typeof METHODS;
export type InvokeName = keyof Methods;
export type InvokeRequest<K extends InvokeName> = z.output<Methods[K]['request']>;
export type InvokeResponse<K extends InvokeName> = NonNullable<Methods[K]['response']>;

export const INVOKE_NAMES = Object.keys(METHODS) as InvokeName[];

/** The one naming rule for invoke channels: a prefix so nothing collides with Electron's own. */
export function invokeChannel(name: InvokeName): `connector:${InvokeName}` {
  return `connector:${name}`;
}

/** Whether a page's window may call the method (the guard's second check, after the frame). */
export function mayCall(name: InvokeName, page: PageName): boolean {
  return METHODS[name].callers.includes(page);
}
