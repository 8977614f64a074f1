// ConnectorServices on top of the real core: the Connector façade, the layered configuration
// (defaults < user settings < admin policy, locks enforced), the call history on disk and the
// secret store. No Electron import: the renderer tests serve these exact services to the pages.
// This class owns the lifecycle, the status and the local integrations; each domain lives in its
// own slice (settings-service, rules-service, calls-service, history-service) over explicit
// dependencies, and the methods below only hand over to it, so the one interface stays in one place.
import type { ConnectorConfig } from '../core/config/schema.js';
import { Connector, type ConnectorOptions } from '../core/connector.js';
import type { ConnectionState } from '../core/connection-state.js';
import { EventBus } from '../core/events.js';
import type { CallHistory } from '../core/history/history-entry.js';
import { HistoryStore } from '../core/history/history-store.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import type {
  HistoryQuery,
  Result,
  RuleTestRequest,
  SettingsPatch,
  StatusCounts,
} from '../shared/ipc-contract.js';
import { CallsService } from './calls-service.js';
import { HistoryService } from './history-service.js';
import { historyEntryView } from './history-view.js';
import {
  startLocalIntegrations,
  type LocalIntegrations,
  type LocalIntegrationsOptions,
} from './local-integrations.js';
import { RulesService } from './rules-service.js';
import { SettingsLayers } from './settings-layers.js';
import { SettingsService } from './settings-service.js';
import type {
  ConfirmImport,
  ConfirmProgram,
  ConnectorDependencies,
  ConnectorLifecycle,
  ConnectorServiceEvents,
  BrowserPairingCode,
  IntegrationStatus,
} from './services.js';

export interface CoreServicesOptions extends ConnectorDependencies {
  /** Test seams; production leaves them out. */
  core?: Partial<Omit<ConnectorOptions, 'config' | 'logger' | 'secrets' | 'history'>>;
  history?: CallHistory<CallRecord>;
  readPolicyFile?: (path: string) => string | undefined;
  /** Test seams for the bridge, pairing endpoint and lookup (ports 0, short timeouts). */
  integrations?: Pick<LocalIntegrationsOptions, 'bridge' | 'pairing' | 'lookup'>;
}

export class CoreConnectorServices implements ConnectorLifecycle {
  private readonly events = new EventBus<ConnectorServiceEvents>();
  private readonly connector: Connector;
  private readonly history: CallHistory<CallRecord>;
  private readonly settings: SettingsLayers;
  private readonly settingsService: SettingsService;
  private readonly rulesService: RulesService;
  private readonly callsService: CallsService;
  private readonly historyService: HistoryService;
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
    this.settingsService = new SettingsService(this.settings, this.connector, options.secrets);
    this.rulesService = new RulesService(this.connector, this.settings);
    this.callsService = new CallsService(this.connector, this.settings);
    this.historyService = new HistoryService(this.history, this.connector, (number) =>
      this.callsService.dial(number),
    );
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
      savePairedExtensions: async (list) => {
        if (this.settings.isLocked('browserTab.pairedExtensions'))
          throw new Error('The paired browsers are set by your administrator (locked).');
        const saved = await this.settingsService.saveSettings({
          browserTab: { pairedExtensions: list },
        });
        if (!saved.ok) throw new Error(saved.errors.map((e) => `${e.path} ${e.message}`).join(' '));
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

  startBrowserPairing(): Result<BrowserPairingCode> {
    if (this.settings.isLocked('browserTab.pairedExtensions')) {
      return {
        ok: false,
        code: 'locked',
        error: 'Your administrator sets which browsers may connect; pairing is off.',
      };
    }
    if (!this.integrations)
      return { ok: false, code: 'not-found', error: 'The connector is not running.' };
    return this.integrations.startBrowserPairing();
  }

  cancelBrowserPairing(): void {
    this.integrations?.cancelBrowserPairing();
  }

  async unpairBrowser(origin: string): Promise<Result> {
    if (!this.integrations)
      return { ok: false, code: 'not-found', error: 'The connector is not running.' };
    return this.integrations.unpairBrowser(origin);
  }

  rejectPairing(requestId: string): void {
    this.integrations?.rejectPairing(requestId);
  }

  // --- settings and secrets (settings-service.ts) -----------------------------------------------

  getConfig(): ConnectorConfig {
    return this.settingsService.getConfig();
  }
  getSettings() {
    return this.settingsService.getSettings();
  }
  saveSettings(patch: SettingsPatch) {
    return this.settingsService.saveSettings(patch);
  }
  exportSettings(options: { includeCrmId?: boolean } = {}) {
    return this.settingsService.exportSettings(options);
  }
  importSettings(text: string, source: string, confirm?: ConfirmImport) {
    return this.settingsService.importSettings(text, source, confirm);
  }
  setRestPassword(password: string) {
    return this.settingsService.setRestPassword(password);
  }
  setBridgeToken(token: string) {
    return this.settingsService.setBridgeToken(token);
  }
  setLookupApiKey(apiKey: string) {
    return this.settingsService.setLookupApiKey(apiKey);
  }

  // --- rules (rules-service.ts) -----------------------------------------------------------------

  previewRule(request: RuleTestRequest) {
    return this.rulesService.previewRule(request);
  }
  testRule(request: RuleTestRequest, confirmProgram?: ConfirmProgram) {
    return this.rulesService.testRule(request, confirmProgram);
  }

  // --- numbers, click2call, SMS, credentials (calls-service.ts) ---------------------------------

  normalizeNumber(text: string) {
    return this.callsService.normalizeNumber(text);
  }
  dial(number: string) {
    return this.callsService.dial(number);
  }
  checkSms(text: string) {
    return this.callsService.checkSms(text);
  }
  sendSms(number: string, text: string) {
    return this.callsService.sendSms(number, text);
  }
  testCredentials() {
    return this.callsService.testCredentials();
  }

  // --- history (history-service.ts) -------------------------------------------------------------

  listHistory(query: HistoryQuery) {
    return this.historyService.listHistory(query);
  }
  getHistoryEntry(callId: string) {
    return this.historyService.getHistoryEntry(callId);
  }
  async testLookup(number: string) {
    if (!this.integrations) {
      return {
        ok: false as const,
        code: 'not-configured' as const,
        error: 'The connector is not running.',
      };
    }
    return { ok: true as const, preview: await this.integrations.testLookup(number) };
  }

  contactChoices(callId: string) {
    return this.historyService.contactChoices(callId);
  }

  openContact(callId: string, choice: number | 'search') {
    return this.historyService.openContact(callId, choice);
  }

  popAgain(callId: string) {
    return this.historyService.popAgain(callId);
  }
  callBack(callId: string) {
    return this.historyService.callBack(callId);
  }
  writeHistoryCsv(write: (chunks: AsyncIterable<string>) => Promise<void>) {
    return this.historyService.writeHistoryCsv(write);
  }
}
