// What the Electron layer needs from the connector core. The core façade
// (electron/core/connector.ts) implements this; IPC handlers, tray, notifications and protocol
// links only ever talk to this interface, so they can be tested with the real core under plain
// Node and served over a loopback bridge to the renderer tests.
//
// Results reuse the IPC contract's shapes (`Result<T>`: `{ ok: true, … } | Failure`) so a
// handler can pass them through untouched.
import type { ConnectorConfig } from '../core/config/schema.js';
import type { BrowserTabStatus } from './browser-tab-status.js';
import type { SecurityChange } from '../core/config/security-changes.js';
import type { ConnectionState } from '../core/connection-state.js';
import type { Logger, SecretStore, UrlOpener } from '../core/ports.js';
import type {
  ContactChoicesView,
  LookupPreviewView,
  ActionOutcome,
  DialDone,
  FieldError,
  HistoryEntryView,
  HistoryPageView,
  HistoryQuery,
  NumberCheck,
  Result,
  RulePreview,
  RuleTestNotRun,
  RuleTestRequest,
  SettingsPatch,
  SmsDone,
  StatusCounts,
  Unsubscribe,
} from '../shared/ipc-contract.js';

/** Events the core emits that the Electron layer reacts to (a type alias so EventBus takes it). */
export type ConnectorServiceEvents = {
  /** The connection state changed. */
  state: ConnectionState;
  /** Screen-pops were paused or resumed. */
  paused: boolean;
  /** A call was handled (a new history entry): notifications and the tray's recent calls. */
  call: HistoryEntryView;
  /** An existing history entry changed (popped again from history or a notification). */
  historyUpdated: HistoryEntryView;
  /** The effective configuration changed (saved, or the admin policy file changed). */
  config: ConnectorConfig;
  /** Bridge clients came or went, or a bridge / pairing / lookup problem appeared or cleared. */
  integrations: IntegrationStatus;
  /** The Accolades Agent page offered the agent's CRM ID: ask the agent once. */
  pairingRequest: PairingRequestView;
};

/** One program connected to the local event bridge (for the tray). */
export interface BridgeClientView {
  id: number;
  /** The browser page's Origin; undefined for a local program. */
  origin?: string;
  remotePort?: number;
  authenticated: boolean;
}

/** Something the bridge, pairing or caller-name lookup cannot do right now, in plain words. */
export interface IntegrationProblem {
  source: 'bridge' | 'pairing' | 'lookup';
  message: string;
}

export interface IntegrationStatus {
  bridgeClients: BridgeClientView[];
  problems: IntegrationProblem[];
  /** The browser companion extension (tray line, settings section). */
  browserTab?: BrowserTabStatus;
}

/** A pairing code to show the agent (it never leaves main and the settings page). */
export interface BrowserPairingCode {
  code: string;
  /** Wall-clock ms. */
  expiresAt: number;
  /** The bridge port the extension's options page asks for. */
  port: number;
}

/** A pairing request from the hosted connector, waiting for the agent's yes or no. */
export interface PairingRequestView {
  id: string;
  agentId: string;
  /** wss://host:port of the Agent page's server. */
  serverUrl: string;
  /** Saying yes also switches the server address. */
  changesServer: boolean;
  /** The page that sent it. */
  origin: string;
}

export type ConnectorServiceEvent = keyof ConnectorServiceEvents;

/** A program the settings "Test" is about to start: the agent says yes to exactly this. */
export interface ProgramToStart {
  ruleName: string;
  /** Absolute path, as the launcher gets it. */
  program: string;
  /** The rendered argv for the sample number, as the launcher gets it. */
  args: string[];
}

/** Asks the agent (a message box in the app); resolves true only for an explicit yes. */
export type ConfirmProgram = (run: ProgramToStart) => Promise<boolean>;

/** The settings as the core sees them: effective values, locks and whether a password is kept. */
export interface SettingsSnapshot {
  config: ConnectorConfig;
  /** Dotted paths locked by the admin policy file (`accolades.url`, `rules`, …). */
  lockedKeys: string[];
  /** The policy's `defaults` block, leaf path → value (the agent may change these). */
  adminDefaults?: Record<string, unknown>;
  /** Of those, the ones whose effective value is still the administrator's default. */
  adminDefaultsInEffect?: string[];
  /** Where the policy came from, in plain words, when there is one. */
  policyNote?: string;
  restPasswordStored: boolean;
  bridgeTokenStored?: boolean;
  lookupApiKeyStored?: boolean;
}

export type SaveSettingsResult =
  { ok: true; snapshot: SettingsSnapshot } | { ok: false; errors: FieldError[] };

/**
 * An import: saved like any save, minus the keys the policy locks (listed, not an error). When
 * it changes programs or where secrets and calls go (`securityChanges`), it is saved only after
 * the agent said yes to exactly that list; otherwise nothing is saved and `declined` is set.
 */
export type ImportSettingsResult =
  | {
      ok: true;
      snapshot: SettingsSnapshot;
      skippedLocked: string[];
      securityChanges: SecurityChange[];
    }
  | { ok: true; declined: true; skippedLocked: string[]; securityChanges: SecurityChange[] }
  | { ok: false; errors: FieldError[] };

/** Asks the agent about an import's security-relevant changes; true only for an explicit yes. */
export type ConfirmImport = (changes: SecurityChange[]) => Promise<boolean>;

export interface ConnectorServices {
  // --- state ---------------------------------------------------------------------------------
  getConnectionState(): ConnectionState;
  getCounts(): StatusCounts;
  isPaused(): boolean;
  /** Persists `screenPop.paused` too, so a restart keeps it. */
  setPaused(paused: boolean): Promise<void>;
  /** Drop the socket and connect again at once (user action, resume, unlock, online). */
  reconnectNow(): void;
  on<K extends ConnectorServiceEvent>(
    event: K,
    listener: (payload: ConnectorServiceEvents[K]) => void,
  ): Unsubscribe;

  // --- settings ------------------------------------------------------------------------------
  /** The effective configuration right now (synchronous: tray and shortcuts read it often). */
  getConfig(): ConnectorConfig;
  getSettings(): Promise<SettingsSnapshot>;
  /** Validates (schema + locks + rule templates), saves, applies. Never saves anything invalid. */
  saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult>;
  /**
   * The user's own settings (not defaults, not the policy) as export JSON text; no secrets, and
   * no CRM ID unless `includeCrmId` (an export is made to be mailed).
   */
  exportSettings(options?: { includeCrmId?: boolean }): Promise<string>;
  /**
   * Validates exported text (`source` names it in errors), leaves out keys the policy locks and
   * saves the rest like saveSettings. Nothing is saved when anything is wrong, nor when the file
   * changes programs or where secrets go and `confirm` did not say yes (no confirmer means no).
   */
  importSettings(
    text: string,
    source: string,
    confirm?: ConfirmImport,
  ): Promise<ImportSettingsResult>;
  /** Stores the REST password in the secret store; an empty string deletes it. */
  setRestPassword(password: string): Promise<Result>;
  /** REST `ping` with the saved account and password. */
  testCredentials(): Promise<Result<{ message: string }>>;
  /** Stores the local bridge token in the secret store; an empty string deletes it. */
  setBridgeToken(token: string): Promise<Result>;
  /** Stores the caller-name lookup API key in the secret store; an empty string deletes it. */
  setLookupApiKey(apiKey: string): Promise<Result>;

  // --- local bridge, pairing, caller names -----------------------------------------------------
  /** Bridge clients and current problems (tray status). */
  getIntegrations(): IntegrationStatus;
  /** The agent said yes: saves the CRM ID (and server) through saveSettings, locks respected. */
  confirmPairing(requestId: string): Promise<Result<{ crmId: string; url?: string }>>;
  /** A 6-digit code for pairing a browser extension (bridge on, paired list not locked). */
  startBrowserPairing(): Result<BrowserPairingCode>;
  /** Closes the open code early (the agent closed the dialog). */
  cancelBrowserPairing(): void;
  /** Forgets a paired extension and cuts its connection. */
  unpairBrowser(origin: string): Promise<Result>;
  /** The agent said no: nothing is saved. */
  rejectPairing(requestId: string): void;

  // --- rules ---------------------------------------------------------------------------------
  /** Pure: trace + exact URL/argv + problems for a sample number. Launches nothing. */
  previewRule(request: RuleTestRequest): Promise<Result<{ preview: RulePreview }>>;
  /**
   * Runs the rule for real through the URL policy / program launcher, but only when the agent
   * may edit the rules (else `notRun: 'locked'`), and a program only after `confirmProgram`
   * said yes to exactly it (else `notRun: 'declined'`; no confirmer means no).
   */
  testRule(
    request: RuleTestRequest,
    confirmProgram?: ConfirmProgram,
  ): Promise<Result<{ preview: RulePreview; outcomes: ActionOutcome[]; notRun?: RuleTestNotRun }>>;

  // --- numbers, click2call, SMS --------------------------------------------------------------
  normalizeNumber(text: string): Result<NumberCheck>;
  /** REST `dial`. Never retried; a second call while one runs answers `busy`. */
  dial(number: string): Promise<Result<DialDone>>;
  checkSms(text: string): { warnings: string[]; length: number; segments: number };
  sendSms(number: string, text: string): Promise<Result<SmsDone>>;

  // --- history -------------------------------------------------------------------------------
  /** One page, newest first; `next` asks for the older page after it. */
  listHistory(query: HistoryQuery): Promise<HistoryPageView>;
  getHistoryEntry(callId: string): Promise<HistoryEntryView | undefined>;
  /**
   * History "Open contact again" and the click on a click-mode notification: runs what the
   * CURRENT rules say for the stored call (number + direction), never the stored actions. A
   * failure says why when nothing was opened (no rule now, pop: off, damaged entry).
   */
  popAgain(callId: string): Promise<Result<{ outcomes: ActionOutcome[] }>>;
  callBack(callId: string): Promise<Result<DialDone>>;
  /** The settings "Test lookup" for a sample number (past the cache). */
  testLookup(number: string): Promise<Result<{ preview: LookupPreviewView }>>;
  /** The contacts the CRM lookup matched for a call (the picker window). */
  contactChoices(callId: string): Promise<Result<{ choices: ContactChoicesView }>>;
  /**
   * The picker's answer: the page of the contact at `choice` (checked again against the current
   * lookup settings) or 'search' for the rule's own page, through the same URL policy as a pop.
   */
  openContact(
    callId: string,
    choice: number | 'search',
  ): Promise<Result<{ outcomes: ActionOutcome[] }>>;
  /**
   * The whole history as CSV (header + one row per call), handed to `write` as chunks while it
   * is read from disk; resolves to the number of calls once `write` has finished.
   */
  writeHistoryCsv(
    write: (chunks: AsyncIterable<string>) => Promise<void>,
  ): Promise<{ count: number }>;
}

/** A running connector: the services plus its lifecycle (started once by the composition root). */
export interface ConnectorLifecycle extends ConnectorServices {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the user's settings JSON lives (electron-store in the app); validated by the core. */
export interface UserSettingsStore {
  /** The stored settings as found on disk (maybe an older version; the core migrates). */
  load(): unknown;
  save(settings: Record<string, unknown>): void;
  /** For error messages: "the settings file <path> has …". */
  readonly location: string;
}

/** What the composition root hands the core façade. */
export interface ConnectorDependencies {
  userSettings: UserSettingsStore;
  /** The admin policy file, when one is installed (absolute path). */
  policyFile: string | undefined;
  secrets: SecretStore;
  logger: Logger;
  /** Where the call history is kept (the app's userData folder). */
  dataDirectory: string;
  /** Opens URLs that already passed the core URL policy; the core's default when absent. */
  urlOpener?: UrlOpener;
  /** The OS proxy for a URL (Electron's session.resolveProxy, PAC included); undefined = direct. */
  resolveProxy?: (url: string) => Promise<string | undefined>;
}

export type ConnectorFactory = (deps: ConnectorDependencies) => ConnectorLifecycle;
