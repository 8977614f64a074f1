// ConnectorServices on top of the real core: the Connector façade, the layered configuration
// (defaults < user settings < admin policy, locks enforced), the call history on disk and the
// secret store. No Electron import: the renderer tests serve these exact services to the pages.
// Over 300 lines for now: it is the one implementation of the ConnectorServices interface, and
// most of its ~35 methods are a few lines handing over to the core. Splitting it by domain
// (settings and secrets, calls, history) is the next step; it waits for the IPC declarations to
// settle so that each part can implement its own slice of them.
import { ConfigError } from '../core/config/config-error.js';
import type { ConnectorConfig } from '../core/config/schema.js';
import { securityChanges } from '../core/config/security-changes.js';
import { Connector, type ConnectorOptions } from '../core/connector.js';
import type { ConnectionState } from '../core/connection-state.js';
import { EventBus } from '../core/events.js';
import { callRecordsToCsv } from '../core/history/history-csv.js';
import type { CallHistory } from '../core/history/history-entry.js';
import { HistoryStore } from '../core/history/history-store.js';
import { numberToDial } from '../core/phone/number-to-dial.js';
import type { SecretName } from '../core/ports.js';
import { smsWarnings } from '../core/rest/sms-warnings.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import type {
  ActionOutcome,
  DialDone,
  HistoryQuery,
  NumberCheck,
  Result,
  RulePreview,
  RuleTestNotRun,
  RuleTestRequest,
  SettingsPatch,
  SmsDone,
  StatusCounts,
} from '../shared/ipc-contract.js';
import { displayNumber, historyEntryView } from './history-view.js';
import {
  startLocalIntegrations,
  type LocalIntegrations,
  type LocalIntegrationsOptions,
} from './local-integrations.js';
import { parseRule, previewRule } from './rule-preview.js';
import { failure, fieldErrors } from './service-results.js';
import { SettingsLayers, type ValidatedChange } from './settings-layers.js';
import { exportUserSettings, importAsPatch } from './settings-transfer.js';
import type {
  ConfirmImport,
  ConfirmProgram,
  ConnectorDependencies,
  ImportSettingsResult,
  ConnectorLifecycle,
  ConnectorServiceEvents,
  IntegrationStatus,
  SaveSettingsResult,
  SettingsSnapshot,
} from './services.js';

export interface CoreServicesOptions extends ConnectorDependencies {
  /** Test seams; production leaves them out. */
  core?: Partial<Omit<ConnectorOptions, 'config' | 'logger' | 'secrets' | 'history'>>;
  history?: CallHistory<CallRecord>;
  readPolicyFile?: (path: string) => string | undefined;
  /** Test seams for the bridge, pairing endpoint and lookup (ports 0, short timeouts). */
  integrations?: Pick<LocalIntegrationsOptions, 'bridge' | 'pairing' | 'lookup'>;
}

const SMS_LIMIT = 160;

export class CoreConnectorServices implements ConnectorLifecycle {
  private readonly events = new EventBus<ConnectorServiceEvents>();
  private readonly connector: Connector;
  private readonly history: CallHistory<CallRecord>;
  private readonly settings: SettingsLayers;
  /** The bridge, pairing endpoint and caller-name lookup while the services run. */
  private integrations: LocalIntegrations | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: CoreServicesOptions) {
    this.settings = new SettingsLayers(options);
    this.history =
      options.history ??
      new HistoryStore<CallRecord>({ directory: options.dataDirectory, logger: options.logger });
    this.connector = new Connector({
      ...options.core,
      opener: options.core?.opener ?? options.urlOpener,
      resolveProxy: options.core?.resolveProxy ?? options.resolveProxy,
      config: this.settings.config,
      logger: options.logger,
      secrets: options.secrets,
      history: this.history,
    });
    const bus = this.connector.events;
    bus.on('state', (state) => this.events.emit('state', state));
    bus.on('paused', (paused) => this.events.emit('paused', paused));
    bus.on('config', (config) => this.events.emit('config', config));
    bus.on('call', (record) =>
      this.events.emit(record.popAgainOf ? 'historyUpdated' : 'call', historyEntryView(record)),
    );
  }

  /** The façade itself, for the bridge and other core consumers in the main process. */
  get core(): Connector {
    return this.connector;
  }

  async start(): Promise<void> {
    this.starting ??= this.startAll();
    await this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.starting = undefined;
    await this.connector.stop();
    const integrations = this.integrations;
    this.integrations = undefined;
    await integrations?.stop();
    this.events.emit('integrations', this.getIntegrations());
  }

  /** The bridge's and pairing endpoint's ports while they listen (tests, diagnostics). */
  integrationPorts(): { bridge: number | undefined; pairing: number | undefined } {
    return {
      bridge: this.integrations?.bridgePort(),
      pairing: this.integrations?.pairingPort(),
    };
  }

  /** Resolves when every call so far, its caller-name lookup and history write are done. */
  async idle(): Promise<void> {
    await this.connector.idle();
    await this.integrations?.idle();
  }

  private async startAll(): Promise<void> {
    // Attached before the link starts, so no call can reach the pipeline unseen by the bridge.
    this.integrations = await startLocalIntegrations({
      ...this.options.integrations,
      connector: this.connector,
      secrets: this.options.secrets,
      logger: this.options.logger,
      history: this.history,
      settings: {
        isLocked: (key) => this.settings.isLocked(key),
        save: async (changes) => {
          const saved = await this.saveSettings({ accolades: changes });
          if (!saved.ok)
            throw new Error(saved.errors.map((e) => `${e.path} ${e.message}`).join(' '));
        },
      },
      onHistoryUpdated: (record) => this.events.emit('historyUpdated', historyEntryView(record)),
      onStatus: (status) => this.events.emit('integrations', status),
      onPairingRequest: (request) => this.events.emit('pairingRequest', request),
    });
    await this.connector.start();
  }

  // --- state ------------------------------------------------------------------------------------

  getConnectionState(): ConnectionState {
    return this.connector.state;
  }

  getCounts(): StatusCounts {
    const c = this.connector.counters();
    return {
      calls: c.calls,
      pops: c.pops,
      suppressed: c.suppressed,
      failed: c.failed,
      droppedFrames: c.droppedFrames,
    };
  }

  isPaused(): boolean {
    return this.connector.isPaused();
  }

  async setPaused(paused: boolean): Promise<void> {
    this.connector.setPaused(paused);
    if (!this.settings.isLocked('screenPop.paused'))
      await this.saveSettings({ screenPop: { paused } });
  }

  reconnectNow(): void {
    this.connector.reconnectNow('asked by the user');
  }

  on<K extends keyof ConnectorServiceEvents>(
    event: K,
    listener: (payload: ConnectorServiceEvents[K]) => void,
  ) {
    return this.events.on(event, listener);
  }

  // --- settings ---------------------------------------------------------------------------------

  getConfig(): ConnectorConfig {
    return this.settings.config;
  }

  async getSettings(): Promise<SettingsSnapshot> {
    const policyNote = this.settings.note();
    return {
      config: this.settings.config,
      lockedKeys: this.settings.lockedKeys(),
      ...(policyNote ? { policyNote } : {}),
      restPasswordStored: await this.hasSecret('restPassword'),
      bridgeTokenStored: await this.hasSecret('bridgeToken'),
      lookupApiKeyStored: await this.hasSecret('lookupApiKey'),
    };
  }

  private async hasSecret(name: SecretName): Promise<boolean> {
    return (await this.options.secrets.get(name).catch(() => undefined)) !== undefined;
  }

  async saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult> {
    const change = this.settings.validate(patch);
    if (!change.ok) return change;
    return this.apply(change);
  }

  private async apply(change: Extract<ValidatedChange, { ok: true }>) {
    await this.connector.applyConfig(this.settings.commit(change));
    return { ok: true as const, snapshot: await this.getSettings() };
  }

  async exportSettings(options: { includeCrmId?: boolean } = {}): Promise<string> {
    return exportUserSettings(this.settings.user, options);
  }

  async importSettings(
    text: string,
    source: string,
    confirm?: ConfirmImport,
  ): Promise<ImportSettingsResult> {
    let imported: ReturnType<typeof importAsPatch>;
    try {
      imported = importAsPatch(text, source, this.settings.resolved.locked);
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, errors: fieldErrors(error) };
      throw error;
    }
    const { patch, skippedLocked } = imported;
    // The same validation as any save (locks, schema, rule templates), then the comparison of
    // the effective settings now and after: what the agent is asked about is what changes.
    let change = this.settings.validate(patch);
    if (!change.ok) return change;
    const changes = securityChanges(this.settings.config, change.resolved.config);
    if (changes.length > 0) {
      if (!confirm || !(await confirm(changes))) {
        return { ok: true, declined: true, skippedLocked, securityChanges: changes };
      }
      // The settings or the policy may have moved while the question was open: apply only
      // what the agent agreed to.
      change = this.settings.validate(patch);
      if (!change.ok) return change;
      const now = securityChanges(this.settings.config, change.resolved.config);
      if (JSON.stringify(now) !== JSON.stringify(changes)) {
        const message =
          'The settings changed while you were deciding, so nothing was imported. Import the file again.';
        return { ok: false, errors: [{ path: '', message }] };
      }
    }
    const saved = await this.apply(change);
    return { ok: true, snapshot: saved.snapshot, skippedLocked, securityChanges: changes };
  }

  async setRestPassword(password: string): Promise<Result> {
    return this.storeSecret('restPassword', password);
  }

  async setBridgeToken(token: string): Promise<Result> {
    return this.storeSecret('bridgeToken', token);
  }

  async setLookupApiKey(apiKey: string): Promise<Result> {
    return this.storeSecret('lookupApiKey', apiKey);
  }

  /** Write-only: secrets go in, a stored/not-stored flag comes back (getSettings), never the value. */
  private async storeSecret(name: SecretName, value: string): Promise<Result> {
    try {
      if (value === '') await this.options.secrets.delete(name);
      else await this.options.secrets.set(name, value);
      return { ok: true };
    } catch (error) {
      return failure(error, 'not-configured');
    }
  }

  // --- local bridge, pairing, caller names ------------------------------------------------------

  getIntegrations(): IntegrationStatus {
    return this.integrations?.status() ?? { bridgeClients: [], problems: [] };
  }

  async confirmPairing(requestId: string): Promise<Result<{ crmId: string; url?: string }>> {
    if (!this.integrations) {
      return { ok: false, code: 'not-found', error: 'Pairing is not running.' };
    }
    return this.integrations.confirmPairing(requestId);
  }

  rejectPairing(requestId: string): void {
    this.integrations?.rejectPairing(requestId);
  }

  async testCredentials(): Promise<Result<{ message: string }>> {
    try {
      await this.connector.testCredentials();
      return { ok: true, message: 'Accolades accepted the account number and the API password.' };
    } catch (error) {
      return failure(error);
    }
  }

  // --- rules ------------------------------------------------------------------------------------

  async previewRule(request: RuleTestRequest): Promise<Result<{ preview: RulePreview }>> {
    return previewRule(this.connector, this.settings.config, request);
  }

  /**
   * The settings "Test": runs the rule for a sample number for real, but starts a program only
   * when the rules are the agent's to edit AND `confirmProgram` said yes to exactly that
   * program and argv. With the rules locked, Test is a preview: the admin decides what runs.
   */
  async testRule(
    request: RuleTestRequest,
    confirmProgram?: ConfirmProgram,
  ): Promise<Result<{ preview: RulePreview; outcomes: ActionOutcome[]; notRun?: RuleTestNotRun }>> {
    const preview = await this.previewRule(request);
    if (!preview.ok) return preview;
    const parsed = parseRule(request.rule);
    if (!parsed.ok) return { ok: false, code: 'invalid', error: 'invalid rule' };
    const notRun = (why: RuleTestNotRun) => ({
      ok: true as const,
      preview: preview.preview,
      outcomes: [],
      notRun: why,
    });
    if (this.settings.isLocked('rules')) return notRun('locked');
    // One plan: what the agent is asked about is exactly what runs.
    const plan = this.connector.preview(request.sampleNumber, request.direction, {
      ...this.settings.config,
      rules: [{ ...parsed.rule, pop: 'auto' }],
    });
    for (const action of plan.trace.actions) {
      if (!action.ok || action.kind !== 'run') continue;
      const run = { ruleName: action.ruleName, program: action.program, args: [...action.args] };
      if (!confirmProgram || !(await confirmProgram(run))) return notRun('declined');
    }
    // The policy may have locked the rules while the question was open.
    if (this.settings.isLocked('rules')) return notRun('locked');
    const record = await this.connector.runTest(plan, request.direction);
    return { ok: true, preview: preview.preview, outcomes: historyEntryView(record).actions };
  }

  // --- numbers, click2call, SMS -----------------------------------------------------------------

  normalizeNumber(text: string): Result<NumberCheck> {
    const config = this.settings.config;
    const parsed = numberToDial(text, config);
    if (!parsed.ok) return { ok: false, code: 'invalid', error: parsed.reason };
    return {
      ok: true,
      formats: parsed.formats,
      display: displayNumber(parsed.formats),
      dialAs: parsed.sent,
    };
  }

  async dial(number: string): Promise<Result<DialDone>> {
    try {
      const { sent } = await this.connector.dial(number);
      return {
        ok: true,
        dialed: sent,
        message: `Calling ${sent}: your phone rings first; answer it to reach the number.`,
      };
    } catch (error) {
      return failure(error);
    }
  }

  checkSms(text: string): { warnings: string[]; length: number; segments: number } {
    const length = [...text].length;
    return {
      warnings: smsWarnings(text).map((warning) => warning.message),
      length,
      segments: Math.max(1, Math.ceil(length / SMS_LIMIT)),
    };
  }

  async sendSms(number: string, text: string): Promise<Result<SmsDone>> {
    try {
      const { sent, warnings } = await this.connector.sendSms(number, text);
      return {
        ok: true,
        sentTo: sent,
        message: `The SMS to ${sent} is queued by Accolades.`,
        warnings: warnings.map((w) => w.message),
      };
    } catch (error) {
      return failure(error);
    }
  }

  // --- history ----------------------------------------------------------------------------------

  async listHistory(query: HistoryQuery) {
    const limit = query.limit ?? 100;
    if (!query.query) {
      // The tray asks for the last 10 after every call: no need to copy the whole history.
      const [entries, { count }] = await Promise.all([
        this.history.list({ limit }),
        this.history.health(),
      ]);
      return { entries: entries.map(historyEntryView), total: count };
    }
    const matching = await this.history.list({ query: query.query });
    return { entries: matching.slice(0, limit).map(historyEntryView), total: matching.length };
  }

  async getHistoryEntry(callId: string) {
    const record = await this.history.get(callId);
    return record ? historyEntryView(record) : undefined;
  }

  async popAgain(callId: string) {
    if (!(await this.history.get(callId))) {
      return {
        ok: false as const,
        code: 'not-found' as const,
        error: 'That call is no longer in the history.',
      };
    }
    try {
      const record = await this.connector.popAgain(callId);
      if (record.actions.length === 0) {
        // The current rules open nothing for this call (or the entry is damaged): say why.
        const outcome = record.outcome;
        const why =
          outcome.kind === 'suppressed'
            ? outcome.why
            : outcome.kind === 'failed'
              ? outcome.error
              : '';
        return {
          ok: false as const,
          code: 'invalid' as const,
          error: `Nothing was opened: ${why}`,
        };
      }
      return { ok: true as const, outcomes: historyEntryView(record).actions };
    } catch (error) {
      return failure(error);
    }
  }

  async callBack(callId: string): Promise<Result<DialDone>> {
    const record = await this.history.get(callId);
    if (!record)
      return { ok: false, code: 'not-found', error: 'That call is no longer in the history.' };
    if (record.number.kind === 'withheld' || record.number.kind === 'invalid') {
      return {
        ok: false,
        code: 'invalid',
        error: 'This caller withheld the number, or it is not a phone number.',
      };
    }
    return this.dial(record.number.e164 ?? record.number.raw);
  }

  async historyCsv(): Promise<{ csv: string; count: number }> {
    const records = await this.history.list();
    return { csv: callRecordsToCsv(records), count: records.length };
  }
}
