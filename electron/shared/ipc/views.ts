// The data that crosses the IPC boundary: result shapes, the views main sends to the pages and
// the request objects pages send. Plain data only: the renderer never sends a URL or a command
// line, only ids, numbers and settings values. The methods that carry them are declared in
// methods.ts, the events in events.ts.
import type { CallDirection, PhoneNumberFormats } from '../../core/calls.js';
import type { ConnectionPhase } from '../../core/connection-state.js';
import type {
  ConnectorConfig,
  ConnectorConfigInput,
  ScreenPopRuleInput,
} from '../../core/config/schema.js';

// Re-exported so renderer pages need only the contract for the data they receive.
export type { CallDirection, PhoneNumberFormats } from '../../core/calls.js';
export type { ConnectionPhase } from '../../core/connection-state.js';
export type {
  ConnectorConfig,
  ScreenPopRule,
  PopMode,
  DirectionFilter,
  NumberFormat,
} from '../../core/config/schema.js';

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

/** The Browser tab section: paired extensions and which are connected now. */
export interface BrowserTabView {
  /** The local event bridge is on (the extension connects through it). */
  bridgeEnabled: boolean;
  /** The bridge port the extension's options page asks for, while it listens. */
  bridgePort?: number;
  /** The admin locks the paired list: no pairing or unpairing here. */
  pairingLocked: boolean;
  paired: Array<{
    origin: string;
    browser: 'chromium' | 'firefox';
    pairedAt: string;
    connected: boolean;
  }>;
  /** Signed-in extensions ("Chrome", "Edge", "Firefox") with their origin. */
  connected: Array<{ origin: string; browserName: string }>;
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
  /**
   * The effective configuration (built-in defaults < admin defaults < user settings < admin
   * policy). No secrets in it.
   */
  config: ConnectorConfig;
  /** Dotted paths the admin policy locks, e.g. `accolades.url`, `rules`. Show them read-only. */
  lockedKeys: string[];
  /**
   * The policy's `defaults` block, leaf path → the administrator's value: changeable, and
   * "reset" returns to it (a `null` for the key in saveSettings removes the agent's own value).
   */
  adminDefaults?: Record<string, unknown>;
  /** Of adminDefaultKeys, those whose effective value is still the administrator's default. */
  adminDefaultsInEffect?: string[];
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

/** A rule as the rules editor holds it (defaults may be missing; presets already expanded). */
export type RuleInput = ScreenPopRuleInput;

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
  /** What the admin's phone.rewrite did to the sample number (or why it was not applied). */
  rewrite?: string;
}

/** One input a CRM preset asks for, as the "Add rule from a preset" panel shows it. */
export interface PresetInputView {
  key: string;
  label: { en: string; ro: string };
  help?: { en: string; ro: string };
  /** Anchored regular expression the value must match (checked again in main). */
  pattern: string;
  example: string;
  default?: string;
}

/** A CRM preset: what it asks for and the format its CRM stores numbers in. */
export interface PresetView {
  id: string;
  name: { en: string; ro: string };
  docs: string;
  inputs: PresetInputView[];
  numberFormat: 'e164' | 'national' | 'digits' | 'lastN';
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
  /** Every contact the CRM lookup matched (names are plain text: show as text). */
  contacts?: ContactView[];
  /** Several contacts matched and a picker window lets the agent choose. */
  pickContact?: boolean;
}

/** A contact the CRM lookup matched. The link itself stays in main; the page sends an index. */
export interface ContactView {
  name?: string;
  company?: string;
  /** Where its page is (host name only), when it has one the settings allow. */
  host?: string;
}

/** The settings "Test lookup": what the CRM answered for a number, or why it failed. */
export interface LookupPreviewView {
  kind: 'found' | 'not-found' | 'failed' | 'off';
  contacts: ContactView[];
  /** One plain line: the trace note of the lookup. */
  message: string;
}

/** What the contact picker shows for one call. */
export interface ContactChoicesView {
  callId: string;
  display: string;
  contacts: ContactView[];
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
  /** A previous answer's `next`: the page of calls older than the last one it showed. */
  before?: number;
}

export interface HistoryPageView {
  entries: HistoryEntryView[];
  /** Calls in the history, or those matching the query. */
  total: number;
  /** Send as `before` for the next (older) page; absent on the last page. */
  next?: number;
}
