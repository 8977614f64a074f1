// A stand-in for the core façade behind ConnectorServices, for main-process glue tests until
// electron/core/connector.ts exists. It keeps state in memory and records what was asked of it;
// phone numbers go through the real core (parseDialInput / formatForDial), so the glue sees
// the same formats the app will.
import { defaultConfig, type ConnectorConfig } from '../../electron/core/config/schema.js';
import type { ConnectionState } from '../../electron/core/connection-state.js';
import { EventBus } from '../../electron/core/events.js';
import { formatForDial } from '../../electron/core/phone/format-for-dial.js';
import { parseDialInput } from '../../electron/core/phone/parse-dial-input.js';
import type {
  ConnectorServiceEvents,
  ConnectorServices,
  ImportSettingsResult,
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
  RuleTestRequest,
  SettingsPatch,
  StatusCounts,
} from '../../electron/shared/ipc-contract.js';

export class FakeConnectorServices implements ConnectorServices {
  readonly events = new EventBus<ConnectorServiceEvents>();
  state: ConnectionState = { phase: 'connected', statusLine: 'Connected.', attempt: 0 };
  paused = false;
  config: ConnectorConfig = defaultConfig();
  lockedKeys: string[] = [];
  history: HistoryEntryView[] = [];
  counts: StatusCounts = { calls: 0, pops: 0, suppressed: 0, failed: 0, droppedFrames: 0 };
  password: string | undefined;
  readonly dialled: string[] = [];
  readonly poppedAgain: string[] = [];
  readonly previews: RuleTestRequest[] = [];
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
      lockedKeys: this.lockedKeys,
      restPasswordStored: this.password !== undefined,
    };
  }
  async saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult> {
    const locked = Object.keys(patch).filter((section) =>
      this.lockedKeys.some((key) => key === section || key.startsWith(`${section}.`)),
    );
    if (locked.length > 0) {
      return {
        ok: false,
        errors: locked.map((path) => ({ path, message: 'Locked by your administrator.' })),
      };
    }
    const next = structuredClone(this.config) as unknown as Record<string, unknown>;
    for (const [section, value] of Object.entries(patch)) {
      next[section] = Array.isArray(value) ? value : { ...(next[section] as object), ...value };
    }
    this.config = next as unknown as ConnectorConfig;
    this.events.emit('config', this.config);
    return { ok: true, snapshot: await this.getSettings() };
  }
  /** Settings export/import: the whole effective config as text; import goes through saveSettings. */
  async exportSettings(): Promise<string> {
    return `${JSON.stringify(this.config, null, 2)}\n`;
  }
  async importSettings(text: string, source: string): Promise<ImportSettingsResult> {
    let patch: SettingsPatch;
    try {
      const { version: _version, ...rest } = JSON.parse(text) as Record<string, unknown>;
      patch = rest as SettingsPatch;
    } catch {
      return { ok: false, errors: [{ path: '', message: `${source} is not valid JSON` }] };
    }
    const saved = await this.saveSettings(patch);
    return saved.ok ? { ...saved, skippedLocked: [], securityChanges: [] } : saved;
  }
  async setRestPassword(password: string): Promise<Result> {
    this.password = password === '' ? undefined : password;
    return { ok: true };
  }
  bridgeToken: string | undefined;
  lookupApiKey: string | undefined;
  async setBridgeToken(token: string): Promise<Result> {
    this.bridgeToken = token === '' ? undefined : token;
    return { ok: true };
  }
  async setLookupApiKey(apiKey: string): Promise<Result> {
    this.lookupApiKey = apiKey === '' ? undefined : apiKey;
    return { ok: true };
  }

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
  /** Test helper: bridge clients or problems changed. */
  setIntegrations(status: IntegrationStatus): void {
    this.integrations = status;
    this.events.emit('integrations', status);
  }
  /** Test helper: the hosted connector asked to pair. */
  receivePairingRequest(request: PairingRequestView): void {
    this.events.emit('pairingRequest', request);
  }
  async testCredentials(): Promise<Result<{ message: string }>> {
    return { ok: true, message: 'The Accolades service accepted the account and password.' };
  }

  async previewRule(request: RuleTestRequest) {
    this.previews.push(request);
    const check = this.normalizeNumber(request.sampleNumber);
    if (!check.ok) return check;
    return {
      ok: true as const,
      preview: {
        number: check.formats,
        direction: request.direction,
        trace: [],
        actions: [],
        problems: [],
        pop: 'auto' as const,
      },
    };
  }
  async testRule(request: RuleTestRequest) {
    const preview = await this.previewRule(request);
    if (!preview.ok) return preview;
    return { ok: true as const, preview: preview.preview, outcomes: [] };
  }

  normalizeNumber(text: string) {
    const parsed = parseDialInput(text, this.config.phone);
    if (!parsed.ok) return { ok: false as const, error: parsed.reason, code: 'invalid' as const };
    const dialAs = formatForDial(parsed.formats, this.config.rest.dialFormat);
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
  checkSms(text: string) {
    return {
      warnings: text.length > 160 ? ['longer than 160 characters'] : [],
      length: text.length,
      segments: 1,
    };
  }
  async sendSms(number: string, text: string) {
    const check = this.normalizeNumber(number);
    if (!check.ok) return check;
    return {
      ok: true as const,
      sentTo: check.dialAs,
      message: 'Sent.',
      warnings: this.checkSms(text).warnings,
    };
  }

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
  async callBack(callId: string) {
    const entry = this.history.find((candidate) => candidate.id === callId);
    if (!entry) return { ok: false as const, code: 'not-found' as const, error: 'gone' };
    return this.dial(entry.number.raw);
  }
  async historyCsv() {
    return { csv: 'time,direction,number\n', count: this.history.length };
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
