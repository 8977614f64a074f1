// The one IPC contract between the main process, the preload scripts and the renderer pages.
// Main implements it (electron/main/ipc/handlers.ts), the preload exposes it as `window.connector`
// (type-only import), and the renderer calls it. Everything here is plain data: the renderer
// never sends a URL or a command line, only ids, numbers and settings values.
import type { CallDirection, PhoneNumberFormats } from '../core/calls.js';
import type { ConnectionPhase } from '../core/connection-state.js';
import type { ConnectorConfig, ConnectorConfigInput } from '../core/config/schema.js';

// Re-exported so renderer pages need only this module for the data they receive.
export type { CallDirection, PhoneNumberFormats } from '../core/calls.js';
export type { ConnectionPhase } from '../core/connection-state.js';
export type {
  ConnectorConfig,
  ScreenPopRule,
  PopMode,
  DirectionFilter,
  NumberFormat,
} from '../core/config/schema.js';

// ---------------------------------------------------------------------------------------------
// Shared result shapes
// ---------------------------------------------------------------------------------------------

/** One problem with one field, e.g. `{ path: 'rules.2.open', message: 'only https: links…' }`. */
export interface FieldError {
  /** Dotted path into the settings (or into the rule for previews); '' for the whole thing. */
  path: string;
  message: string;
}

/** Why something did not work, in plain words (already in the UI language). */
export interface Failure {
  ok: false;
  error: string;
  /** Machine-readable reason, for styling and tests; never shown as is. */
  code?: FailureCode;
  /** Field-level problems (saveSettings, previewRule, setRestPassword). */
  errors?: FieldError[];
  /** Non-fatal remarks that still apply (e.g. SMS length) . */
  warnings?: string[];
}

export type FailureCode =
  | 'bad-request' // the payload did not pass validation
  | 'forbidden' // the message did not come from one of our pages
  | 'invalid' // the input was understood but is not acceptable (see errors)
  | 'not-configured' // e.g. no REST account / password yet
  | 'not-found' // e.g. unknown call id or dial request
  | 'locked' // the admin policy locks this setting
  | 'rest-error' // the Accolades REST service said no (message says why)
  | 'network' // could not reach the service
  | 'busy' // the same action is already running (debounce)
  | 'internal'; // a bug on our side; the log has the details

export type Ok<T extends object = object> = { ok: true } & T;
export type Result<T extends object = object> = Ok<T> | Failure;

export type Unsubscribe = () => void;

// ---------------------------------------------------------------------------------------------
// Views (main → renderer)
// ---------------------------------------------------------------------------------------------

export interface StatusCounts {
  /** Call notifications received since the app started. */
  calls: number;
  /** Screen-pops actually opened or started. */
  pops: number;
  /** Pops held back (duplicate, flood limit, paused). */
  suppressed: number;
  /** Pops that failed (refused URL, program not found, …). */
  failed: number;
  /** Malformed frames dropped by the protocol parser. */
  droppedFrames: number;
}

export interface StatusView {
  phase: ConnectionPhase;
  /** One sentence for a person, in the UI language. */
  statusLine: string;
  /** The server's reason or transport error behind the state, verbatim. */
  detail?: string;
  /** Wall-clock ms of the next attempt, when one is scheduled. */
  nextAttemptAt?: number;
  attempt: number;
  /** The agent or admin has to do something (tray attention icon). */
  attention: boolean;
  paused: boolean;
  counts: StatusCounts;
  serverVersion?: string;
}

export type LanguageCode = 'en' | 'ro';
export type LanguageSetting = 'auto' | LanguageCode;

export interface SecureStorageView {
  /** Whether secrets can be persisted encrypted by the OS. */
  available: boolean;
  /** Why not, in plain words (e.g. no keyring on Linux: `basic_text` backend). */
  reason?: string;
}

export interface SettingsView {
  /** The effective configuration (defaults < user settings < admin policy). No secrets in it. */
  config: ConnectorConfig;
  /** Dotted paths the admin policy locks, e.g. `accolades.url`, `rules`. Show them read-only. */
  lockedKeys: string[];
  /** A note about the admin policy for locked fields (e.g. "Set by your administrator."). */
  policyNote?: string;
  /** Whether a REST password is stored. The password itself never leaves the main process. */
  restPasswordStored: boolean;
  secureStorage: SecureStorageView;
  /** Whether a local bridge token is stored (the token never leaves the main process). */
  bridgeTokenStored?: boolean;
  /** Whether a caller-name lookup API key is stored (the key never leaves the main process). */
  lookupApiKeyStored?: boolean;
}

/** The settings a page may change: any subset of sections; `rules` is replaced as a whole. */
export type SettingsPatch = {
  [S in Exclude<keyof ConnectorConfigInput, 'version'>]?: NonNullable<
    ConnectorConfigInput[S]
  > extends readonly unknown[]
    ? NonNullable<ConnectorConfigInput[S]>
    : Partial<NonNullable<ConnectorConfigInput[S]>>;
};

/** A rule as the rules editor holds it (defaults may be missing). */
export type RuleInput = NonNullable<ConnectorConfigInput['rules']>[number];

/** Why one rule did or did not apply to one call. */
export interface RuleTraceStep {
  /** Position in the ordered list (0-based). */
  index: number;
  name: string;
  matched: boolean;
  /** Plain words: "direction is outbound, rule wants inbound", "pattern ^07 matched 0712…". */
  reason: string;
}

/** What a rule would do / did: the exact URL or the exact argv. */
export type PlannedAction =
  { kind: 'open'; url: string } | { kind: 'run'; program: string; args: string[] };

export interface ActionOutcome {
  action: PlannedAction;
  ok: boolean;
  /** Plain words when `ok` is false. */
  error?: string;
}

export interface RulePreview {
  number: PhoneNumberFormats;
  direction: CallDirection;
  trace: RuleTraceStep[];
  /** What would run, in order; empty when nothing applies. */
  actions: PlannedAction[];
  /** Everything wrong with the rule or its output (refused scheme, too long, bad pattern…). */
  problems: FieldError[];
  /** The rule's pop mode as it would apply to this number. */
  pop: 'auto' | 'click' | 'off';
}

/**
 * Why the settings "Test" started nothing: `locked` — the admin policy locks the rules, so Test
 * only previews; `declined` — the agent did not say yes to the program it names.
 */
export type RuleTestNotRun = 'locked' | 'declined';

export type CallOutcome =
  | 'popped' // an action ran
  | 'click-to-pop' // the rule is in click mode: waiting for the notification click
  | 'suppressed' // duplicate or flood limit: see summary
  | 'paused' // screen-pops were paused
  | 'no-rule' // no rule matched
  | 'off' // the matching rule has pop mode off
  | 'failed'; // an action failed: see summary / actions

export interface HistoryEntryView {
  /** Opaque id; send it back to reopenCall / callBack. */
  id: string;
  /** Wall-clock ms. */
  time: number;
  direction: CallDirection;
  number: PhoneNumberFormats;
  /** The number as shown to people (formatted). */
  display: string;
  outcome: CallOutcome;
  /** What was done and why, in plain words. */
  summary: string;
  ruleName?: string;
  trace: RuleTraceStep[];
  actions: ActionOutcome[];
  /** A rule applies and its action can run again. */
  canReopen: boolean;
  /** The number is dialable (not withheld / invalid). */
  canCallBack: boolean;
  /** The caller's name from the CRM lookup, once it has arrived (plain text, show as text). */
  callerName?: string;
  /** How the caller-name lookup went, one line for the trace. */
  lookupNote?: string;
}

export interface NumberCheck {
  formats: PhoneNumberFormats;
  /** Formatted for display, e.g. "+40 712 345 678". */
  display: string;
  /** Exactly what would be sent to REST `dial` (per `rest.dialFormat`). */
  dialAs: string;
}

export type DialRequestSource = 'tel-link' | 'clipboard' | 'shortcut';

/** A dial that waits for the agent's confirmation (tel:/callto: link, clipboard). */
export interface DialRequestView {
  requestId: string;
  source: DialRequestSource;
  number: PhoneNumberFormats;
  display: string;
  dialAs: string;
}

export interface DialDone {
  dialed: string;
  message: string;
}

export interface SmsDone {
  sentTo: string;
  message: string;
  warnings: string[];
}

export type WindowName = 'settings' | 'dialer' | 'history' | 'about';

// ---------------------------------------------------------------------------------------------
// Requests (renderer → main); one object per call
// ---------------------------------------------------------------------------------------------

export interface RuleTestRequest {
  rule: RuleInput;
  sampleNumber: string;
  direction: CallDirection;
}

export interface HistoryQuery {
  /** Free text matched against number formats, rule name and summary. */
  query?: string;
  /** At most this many, newest first (1–500; default 100). */
  limit?: number;
}

// ---------------------------------------------------------------------------------------------
// The contract: invoke channels (request → response) and events (main → renderer)
// ---------------------------------------------------------------------------------------------

export interface InvokeContract {
  getStatus: { request: void; response: Result<{ status: StatusView }> };
  reconnectNow: { request: void; response: Result };
  setPaused: { request: { paused: boolean }; response: Result<{ status: StatusView }> };

  getSettings: { request: void; response: Result<{ settings: SettingsView }> };
  saveSettings: { request: SettingsPatch; response: Result<{ settings: SettingsView }> };
  setRestPassword: { request: { password: string }; response: Result<{ settings: SettingsView }> };
  /** REST `ping` with the saved account and password. */
  testCredentials: { request: void; response: Result<{ message: string }> };
  /**
   * Main asks where to save (native dialog) and writes the agent's own settings there as JSON,
   * without secrets, and without the CRM ID unless `includeCrmId` (an export is made to be
   * mailed). The page sends no path and no content.
   */
  exportSettings: {
    request: { includeCrmId: boolean } | void;
    response: Result<{ fileName: string } | { cancelled: true }>;
  };
  /**
   * Main asks which file to open (native dialog), checks it and saves it like any save; keys
   * the admin policy locks are left out and listed in `skippedLocked`. Nothing is saved when the
   * file has any problem (the failure says what, `errors` per field). When the file changes
   * which programs run or where passwords, keys and calls go, main lists that in a message box
   * first: `securityChanges` are those lines (in the UI language, [] when there were none), and
   * `declined` means the agent cancelled there and nothing was changed.
   */
  importSettings: {
    request: void;
    response: Result<
      | {
          fileName: string;
          settings: SettingsView;
          skippedLocked: string[];
          securityChanges: string[];
        }
      | { fileName: string; declined: true; securityChanges: string[] }
      | { cancelled: true }
    >;
  };
  /** Write-only, like the REST password: stores the local bridge token ('' deletes it). */
  setBridgeToken: { request: { token: string }; response: Result<{ settings: SettingsView }> };
  /** Write-only: stores the caller-name lookup API key ('' deletes it). */
  setLookupApiKey: { request: { apiKey: string }; response: Result<{ settings: SettingsView }> };

  /** Pure: renders the rule for a sample number; launches nothing. */
  previewRule: { request: RuleTestRequest; response: Result<{ preview: RulePreview }> };
  /**
   * Runs the rule for real (opens the URL / starts the program) when the agent may edit the
   * rules; a program only after main's message box naming it got a yes. Otherwise nothing is
   * started and `notRun` says why (the preview is still there).
   */
  testRule: {
    request: RuleTestRequest;
    response: Result<{ preview: RulePreview; outcomes: ActionOutcome[]; notRun?: RuleTestNotRun }>;
  };

  normalizeNumber: { request: { text: string }; response: Result<NumberCheck> };
  dial: { request: { number: string }; response: Result<DialDone> };
  /** Pure: length / diacritics warnings while typing. */
  checkSms: {
    request: { text: string };
    response: Result<{ warnings: string[]; length: number; segments: number }>;
  };
  sendSms: { request: { number: string; text: string }; response: Result<SmsDone> };

  listHistory: {
    request: HistoryQuery;
    response: Result<{ entries: HistoryEntryView[]; total: number }>;
  };
  reopenCall: { request: { callId: string }; response: Result<{ outcomes: ActionOutcome[] }> };
  callBack: { request: { callId: string }; response: Result<DialDone> };
  /** Asks where to save (native dialog) and writes the CSV there. */
  exportHistoryCsv: {
    request: void;
    response: Result<{ fileName: string; count: number } | { cancelled: true }>;
  };

  listDialRequests: { request: void; response: Result<{ requests: DialRequestView[] }> };
  /** Accept dials the pending request; decline forgets it. */
  confirmDial: {
    request: { requestId: string; accept: boolean };
    response: Result<DialDone | { cancelled: true }>;
  };

  getLocale: {
    request: void;
    response: Result<{ language: LanguageCode; setting: LanguageSetting }>;
  };
  setLanguage: {
    request: { language: LanguageSetting };
    response: Result<{ language: LanguageCode; setting: LanguageSetting }>;
  };

  openWindow: { request: { window: WindowName }; response: Result };
  getAppInfo: {
    request: void;
    response: Result<{ name: string; version: string; platform: string }>;
  };
}

export interface EventContract {
  status: StatusView;
  /** A new or updated history entry. */
  history: HistoryEntryView;
  settings: SettingsView;
  locale: { language: LanguageCode; setting: LanguageSetting };
  dialRequest: DialRequestView;
}

export type InvokeName = keyof InvokeContract;
export type EventName = keyof EventContract;
export type InvokeRequest<K extends InvokeName> = InvokeContract[K]['request'];
export type InvokeResponse<K extends InvokeName> = InvokeContract[K]['response'];

/** Channel names: one place, `connector:` prefix so nothing collides with Electron's own. */
export const INVOKE_CHANNELS = {
  getStatus: 'connector:get-status',
  reconnectNow: 'connector:reconnect-now',
  setPaused: 'connector:set-paused',
  getSettings: 'connector:get-settings',
  saveSettings: 'connector:save-settings',
  setRestPassword: 'connector:set-rest-password',
  testCredentials: 'connector:test-credentials',
  exportSettings: 'connector:export-settings',
  importSettings: 'connector:import-settings',
  setBridgeToken: 'connector:set-bridge-token',
  setLookupApiKey: 'connector:set-lookup-api-key',
  previewRule: 'connector:preview-rule',
  testRule: 'connector:test-rule',
  normalizeNumber: 'connector:normalize-number',
  dial: 'connector:dial',
  checkSms: 'connector:check-sms',
  sendSms: 'connector:send-sms',
  listHistory: 'connector:list-history',
  reopenCall: 'connector:reopen-call',
  callBack: 'connector:call-back',
  exportHistoryCsv: 'connector:export-history-csv',
  listDialRequests: 'connector:list-dial-requests',
  confirmDial: 'connector:confirm-dial',
  getLocale: 'connector:get-locale',
  setLanguage: 'connector:set-language',
  openWindow: 'connector:open-window',
  getAppInfo: 'connector:get-app-info',
} as const satisfies { [K in InvokeName]: `connector:${string}` };

export const EVENT_CHANNELS = {
  status: 'connector:event:status',
  history: 'connector:event:history',
  settings: 'connector:event:settings',
  locale: 'connector:event:locale',
  dialRequest: 'connector:event:dial-request',
} as const satisfies { [K in EventName]: `connector:event:${string}` };

export const INVOKE_NAMES = Object.keys(INVOKE_CHANNELS) as InvokeName[];
export const EVENT_NAMES = Object.keys(EVENT_CHANNELS) as EventName[];

// ---------------------------------------------------------------------------------------------
// window.connector, derived from the contract
// ---------------------------------------------------------------------------------------------

type InvokeMethods = {
  [K in InvokeName]: [InvokeRequest<K>] extends [void]
    ? () => Promise<InvokeResponse<K>>
    : (request: InvokeRequest<K>) => Promise<InvokeResponse<K>>;
};

/** `onStatus`, `onHistory`, … */
export type EventMethodName<K extends EventName> = `on${Capitalize<K>}`;

type EventMethods = {
  [K in EventName as EventMethodName<K>]: (
    listener: (payload: EventContract[K]) => void,
  ) => Unsubscribe;
};

/** What `window.connector` offers every page. Every call resolves (never rejects): check `ok`. */
export type ConnectorApi = InvokeMethods & EventMethods;

export function eventMethodName<K extends EventName>(name: K): EventMethodName<K> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as EventMethodName<K>;
}
