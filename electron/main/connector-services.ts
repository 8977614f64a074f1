// ConnectorServices on top of the real core: the Connector façade, the layered configuration
// (defaults < user settings < admin policy, locks enforced), the call history on disk and the
// secret store. No Electron import: the renderer tests serve these exact services to the pages.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/config/config-error.js';
import {
  applyUserChange,
  lockNotice,
  resolveLayers,
  type ResolvedConfig,
} from '../core/config/layers.js';
import { parseConfigLayer, parsePolicyText, type ConfigLayer } from '../core/config/parse-layer.js';
import { ruleSchema, type ConnectorConfig } from '../core/config/schema.js';
import { checkRule } from '../core/rules/check-rule.js';
import { Connector, type ConnectorOptions } from '../core/connector.js';
import type { ConnectionState } from '../core/connection-state.js';
import { EventBus } from '../core/events.js';
import { callRecordsToCsv } from '../core/history/history-csv.js';
import type { CallHistory } from '../core/history/history-entry.js';
import { HistoryStore } from '../core/history/history-store.js';
import { formatForDial } from '../core/phone/format-for-dial.js';
import { parseDialInput } from '../core/phone/parse-dial-input.js';
import { RestError } from '../core/rest/rest-error.js';
import { smsWarnings } from '../core/rest/sms-warnings.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import type {
  DialDone,
  Failure,
  FailureCode,
  FieldError,
  HistoryQuery,
  NumberCheck,
  Result,
  RulePreview,
  RuleTestRequest,
  SettingsPatch,
  SmsDone,
  StatusCounts,
} from '../shared/ipc-contract.js';
import type { SecretName } from '../core/ports.js';
import { displayNumber, historyEntryView, plannedAction, traceSteps } from './history-view.js';
import {
  startLocalIntegrations,
  type LocalIntegrations,
  type LocalIntegrationsOptions,
} from './local-integrations.js';
import { exportUserSettings, importAsPatch } from './settings-transfer.js';
import type {
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
  private userLayer: ConfigLayer = {};
  private policy: { name: string; values: ConfigLayer; locked: readonly string[] } | undefined;
  private resolved: ResolvedConfig;
  /** Problems with the settings or policy files, in plain words (shown in the settings window). */
  private readonly loadProblems: string[] = [];
  /** The bridge, pairing endpoint and caller-name lookup while the services run. */
  private integrations: LocalIntegrations | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: CoreServicesOptions) {
    this.loadPolicy();
    this.resolved = this.loadUserSettings();
    this.history =
      options.history ??
      new HistoryStore<CallRecord>({ directory: options.dataDirectory, logger: options.logger });
    this.connector = new Connector({
      ...options.core,
      opener: options.core?.opener ?? options.urlOpener,
      resolveProxy: options.core?.resolveProxy ?? options.resolveProxy,
      config: this.resolved.config,
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
        isLocked: (key) => this.isLocked(key),
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
    if (!this.isLocked('screenPop.paused')) await this.saveSettings({ screenPop: { paused } });
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
    return this.resolved.config;
  }

  async getSettings(): Promise<SettingsSnapshot> {
    const note =
      this.resolved.locked.size > 0
        ? lockNotice(this.resolved, [...this.resolved.locked][0] ?? '')
        : undefined;
    const problems = this.loadProblems.join(' ');
    const policyNote = [note, problems].filter(Boolean).join(' ') || undefined;
    return {
      config: this.resolved.config,
      lockedKeys: [...this.resolved.locked],
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
    let nextLayer: ConfigLayer;
    let resolved: ResolvedConfig;
    try {
      nextLayer = applyUserChange(
        this.userLayer,
        patch as Record<string, unknown>,
        this.resolved.locked,
      );
      resolved = this.resolve(parseConfigLayer(nextLayer, this.options.userSettings.location));
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, errors: fieldErrors(error) };
      throw error;
    }
    this.options.userSettings.save(nextLayer as Record<string, unknown>);
    this.userLayer = nextLayer;
    this.resolved = resolved;
    await this.connector.applyConfig(resolved.config);
    return { ok: true, snapshot: await this.getSettings() };
  }

  async exportSettings(): Promise<string> {
    return exportUserSettings(this.userLayer);
  }

  async importSettings(text: string, source: string): Promise<ImportSettingsResult> {
    let imported: ReturnType<typeof importAsPatch>;
    try {
      imported = importAsPatch(text, source, this.resolved.locked);
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, errors: fieldErrors(error) };
      throw error;
    }
    // Through saveSettings: the same validation (rule templates included) and application.
    const saved = await this.saveSettings(imported.patch);
    if (!saved.ok) return saved;
    return { ok: true, snapshot: saved.snapshot, skippedLocked: imported.skippedLocked };
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
    const parsed = ruleSchema.safeParse(request.rule);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return { ok: false, code: 'invalid', error: errors.map((e) => e.message).join(' '), errors };
    }
    const rule = parsed.data;
    const problems: FieldError[] = checkRule(rule, {
      allowHttp: this.resolved.config.screenPop.allowHttp,
    }).map((message) => ({
      path: message.startsWith('Program') ? 'run' : message.startsWith('URL') ? 'open' : '',
      message,
    }));
    const { number, trace } = this.connector.preview(request.sampleNumber, request.direction, {
      ...this.resolved.config,
      rules: [rule],
    });
    for (const action of trace.actions) {
      if (!action.ok) problems.push({ path: action.kind, message: action.error });
    }
    return {
      ok: true,
      preview: {
        number,
        direction: request.direction,
        trace: traceSteps(trace),
        actions: trace.actions.flatMap((action) => plannedAction(action) ?? []),
        problems,
        pop: rule.pop,
      },
    };
  }

  async testRule(request: RuleTestRequest) {
    const preview = await this.previewRule(request);
    if (!preview.ok) return preview;
    const rule = ruleSchema.parse(request.rule);
    const record = await this.connector.testRules(request.sampleNumber, request.direction, [
      { ...rule, pop: 'auto' },
    ]);
    return {
      ok: true as const,
      preview: preview.preview,
      outcomes: historyEntryView(record).actions,
    };
  }

  // --- numbers, click2call, SMS -----------------------------------------------------------------

  normalizeNumber(text: string): Result<NumberCheck> {
    const config = this.resolved.config;
    const parsed = parseDialInput(text, config.phone);
    if (!parsed.ok) return { ok: false, code: 'invalid', error: parsed.reason };
    return {
      ok: true,
      formats: parsed.formats,
      display: displayNumber(parsed.formats),
      dialAs: formatForDial(parsed.formats, config.rest.dialFormat),
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
    const all = await this.history.list(query.query ? { query: query.query } : {});
    return { entries: all.slice(0, query.limit ?? 100).map(historyEntryView), total: all.length };
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

  // --- configuration layers ---------------------------------------------------------------------

  private isLocked(path: string): boolean {
    return [...this.resolved.locked].some((key) => path === key || path.startsWith(`${key}.`));
  }

  private loadPolicy(): void {
    const file = this.options.policyFile;
    if (!file) return;
    const read = this.options.readPolicyFile ?? readOptionalFile;
    try {
      const text = read(file);
      if (text === undefined) return;
      const parsed = parsePolicyText(text, file);
      this.policy = { name: file, values: parsed.values, locked: parsed.locked };
    } catch (error) {
      // A broken policy is reported, never silently ignored; the other layers stay in effect.
      const message = `The administrator's policy file is broken and was not applied: ${errorText(error)}`;
      this.loadProblems.push(message);
      this.options.logger.error(message);
    }
  }

  private loadUserSettings(): ResolvedConfig {
    const { userSettings } = this.options;
    try {
      const layer = parseConfigLayer(userSettings.load() ?? {}, userSettings.location);
      const resolved = this.resolve(layer);
      this.userLayer = layer;
      return resolved;
    } catch (error) {
      const message = `Your saved settings could not be used (${errorText(error)}); built-in defaults apply until you save again.`;
      this.loadProblems.push(message);
      this.options.logger.error(message);
      this.userLayer = {};
      try {
        return this.resolve({});
      } catch (policyError) {
        this.loadProblems.push(`The policy file was not applied: ${errorText(policyError)}`);
        this.policy = undefined;
        return this.resolve({});
      }
    }
  }

  private resolve(user: ConfigLayer): ResolvedConfig {
    return resolveLayers({
      user: { name: this.options.userSettings.location, values: user },
      ...(this.policy ? { policy: this.policy } : {}),
    });
  }
}

function readOptionalFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `rules[2].open` → `rules.2.open`, the contract's path style. */
function fieldErrors(error: ConfigError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.replace(/\[(\d+)\]/g, '.$1'),
    message: issue.message,
  }));
}

function failure(error: unknown, fallback: FailureCode = 'internal'): Failure {
  if (error instanceof RestError) {
    const code: FailureCode =
      error.kind === 'network' || error.kind === 'timeout'
        ? 'network'
        : error.kind === 'not-configured' || error.kind === 'no-password'
          ? 'not-configured'
          : error.kind === 'bad-request' &&
              error.command === 'dial' &&
              /already being placed/.test(error.message)
            ? 'busy'
            : error.kind === 'bad-request' && error.status === undefined
              ? 'invalid'
              : 'rest-error';
    return { ok: false, code, error: error.message };
  }
  return { ok: false, code: fallback, error: errorText(error) };
}
