// What the shell tests (tray, notifications, pairing dialog, event forwarding, phone links, the
// composition root) need from ConnectorServices: an EVENT SOURCE they can drive — a call
// handled, the connection state moving, a pairing request — which the real services emit only
// from a live Accolades socket. Everything reachable through the IPC pages is tested over the
// real CoreConnectorServices (test/main/ipc-guard.test.ts and the *-ipc tests, the renderer
// tests); here those methods throw, so a shell test that strays into them fails loudly.
// Phone numbers go through the real core (numberToDial).
import { defaultConfig, type ConnectorConfig } from '../../electron/core/config/schema.js';
import type { ConnectionState } from '../../electron/core/connection-state.js';
import { EventBus } from '../../electron/core/events.js';
import { numberToDial } from '../../electron/core/phone/number-to-dial.js';
import type {
  ConnectorServiceEvents,
  ConnectorServices,
  IntegrationStatus,
  PairingRequestView,
  SaveSettingsResult,
  SettingsSnapshot,
} from '../../electron/app/services.js';
import type {
  DialDone,
  HistoryEntryView,
  HistoryQuery,
  Result,
  SettingsPatch,
  StatusCounts,
} from '../../electron/shared/ipc-contract.js';

/** Stands in for a method only the IPC pages reach (see the top of this file). */
function notForShellTests(): never {
  throw new Error('not part of the shell tests: drive the real CoreConnectorServices instead');
}

export class FakeConnectorServices implements ConnectorServices {
  readonly events = new EventBus<ConnectorServiceEvents>();
  state: ConnectionState = { phase: 'connected', statusLine: 'Connected.', attempt: 0 };
  paused = false;
  config: ConnectorConfig = defaultConfig();
  history: HistoryEntryView[] = [];
  counts: StatusCounts = { calls: 0, pops: 0, suppressed: 0, failed: 0, droppedFrames: 0 };
  readonly dialled: string[] = [];
  readonly poppedAgain: string[] = [];
  reconnects = 0;
  running = false;

  /** ConnectorLifecycle, for the composition-root test. */
  async start(): Promise<void> {
    this.running = true;
  }
  async stop(): Promise<void> {
    this.running = false;
  }

  getConnectionState(): ConnectionState {
    return this.state;
  }
  getCounts(): StatusCounts {
    return this.counts;
  }
  isPaused(): boolean {
    return this.paused;
  }
  async setPaused(paused: boolean): Promise<void> {
    this.paused = paused;
    this.events.emit('paused', paused);
  }
  reconnectNow(): void {
    this.reconnects += 1;
  }
  on<K extends keyof ConnectorServiceEvents>(
    event: K,
    listener: (payload: ConnectorServiceEvents[K]) => void,
  ) {
    return this.events.on(event, listener);
  }

  getConfig(): ConnectorConfig {
    return this.config;
  }
  async getSettings(): Promise<SettingsSnapshot> {
    return {
      config: this.config,
      lockedKeys: [],
      restPasswordStored: false,
    };
  }
  async saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult> {
    const next = structuredClone(this.config) as unknown as Record<string, unknown>;
    for (const [section, value] of Object.entries(patch)) {
      next[section] = Array.isArray(value) ? value : { ...(next[section] as object), ...value };
    }
    this.config = next as unknown as ConnectorConfig;
    this.events.emit('config', this.config);
    return { ok: true, snapshot: await this.getSettings() };
  }
  exportSettings = notForShellTests;
  importSettings = notForShellTests;
  setRestPassword = notForShellTests;
  setBridgeToken = notForShellTests;
  setLookupApiKey = notForShellTests;
  testCredentials = notForShellTests;

  integrations: IntegrationStatus = { bridgeClients: [], problems: [] };
  /** What the agent answered to pairing questions, in order. */
  readonly pairingAnswers: Array<{ id: string; accepted: boolean }> = [];
  /** The answer confirmPairing gives (e.g. a `locked` failure). */
  confirmPairingResult: Result<{ crmId: string; url?: string }> = { ok: true, crmId: 'paired' };
  getIntegrations(): IntegrationStatus {
    return this.integrations;
  }
  async confirmPairing(requestId: string): Promise<Result<{ crmId: string; url?: string }>> {
    this.pairingAnswers.push({ id: requestId, accepted: true });
    return this.confirmPairingResult;
  }
  rejectPairing(requestId: string): void {
    this.pairingAnswers.push({ id: requestId, accepted: false });
  }
  startBrowserPairing = notForShellTests;
  cancelBrowserPairing = notForShellTests;
  unpairBrowser = notForShellTests;
  /** Test helper: the hosted connector asked to pair. */
  receivePairingRequest(request: PairingRequestView): void {
    this.events.emit('pairingRequest', request);
  }
  previewRule = notForShellTests;
  testRule = notForShellTests;

  normalizeNumber(text: string) {
    const parsed = numberToDial(text, this.config);
    if (!parsed.ok) return { ok: false as const, error: parsed.reason, code: 'invalid' as const };
    const dialAs = parsed.sent;
    return {
      ok: true as const,
      formats: parsed.formats,
      display: parsed.formats.e164 ?? dialAs,
      dialAs,
    };
  }
  async dial(number: string): Promise<Result<DialDone>> {
    const check = this.normalizeNumber(number);
    if (!check.ok) return check;
    this.dialled.push(check.dialAs);
    return { ok: true, dialed: check.dialAs, message: `Calling ${check.dialAs}…` };
  }
  checkSms = notForShellTests;
  sendSms = notForShellTests;

  /** The tray's recent calls read it. */
  async listHistory(query: HistoryQuery) {
    const matching = this.history.filter(
      (entry) => !query.query || entry.display.includes(query.query),
    );
    return { entries: matching.slice(0, query.limit ?? 100), total: matching.length };
  }
  async getHistoryEntry(callId: string) {
    return this.history.find((entry) => entry.id === callId);
  }
  async popAgain(callId: string) {
    if (!this.history.some((entry) => entry.id === callId)) {
      return {
        ok: false as const,
        code: 'not-found' as const,
        error: 'That call is no longer in the history.',
      };
    }
    this.poppedAgain.push(callId);
    return { ok: true as const, outcomes: [] };
  }
  callBack = notForShellTests;
  writeHistoryCsv = notForShellTests;
  /** Picker answers that reached the services (the main-side picker tests). */
  readonly contactsOpened: { callId: string; choice: number | 'search' }[] = [];
  testLookup = notForShellTests;
  async contactChoices(callId: string) {
    const entry = this.history.find((e) => e.id === callId);
    if (!entry)
      return {
        ok: false as const,
        code: 'not-found' as const,
        error: 'That call is no longer in the history.',
      };
    return {
      ok: true as const,
      choices: { callId, display: entry.display, contacts: entry.contacts ?? [] },
    };
  }
  async openContact(callId: string, choice: number | 'search') {
    this.contactsOpened.push({ callId, choice });
    return { ok: true as const, outcomes: [] };
  }

  /** Test helper: a call arrives and is handled as `entry` says. */
  receiveCall(entry: HistoryEntryView): void {
    this.history.unshift(entry);
    this.counts = { ...this.counts, calls: this.counts.calls + 1 };
    this.events.emit('call', entry);
  }

  setState(state: ConnectionState): void {
    this.state = state;
    this.events.emit('state', state);
  }
}

let nextId = 1;

/** A history entry with sensible defaults; override what the test is about. */
export function historyEntry(overrides: Partial<HistoryEntryView> = {}): HistoryEntryView {
  const id = overrides.id ?? `call-${nextId++}`;
  return {
    id,
    time: Date.UTC(2026, 10, 25, 9, 30),
    direction: 'inbound',
    number: {
      raw: '0712345678',
      e164: '+40712345678',
      national: '0712345678',
      digits: '40712345678',
      kind: 'external',
    },
    display: '+40 712 345 678',
    outcome: 'popped',
    summary: 'Opened rule “CRM contact”.',
    ruleName: 'CRM contact',
    trace: [],
    actions: [],
    canReopen: true,
    canCallBack: true,
    ...overrides,
  };
}
