// The connector core façade: the Accolades link and the screen-pop pipeline that turns its call
// notifications into pops and history entries, behind one object and one event bus. Click2call
// (click-to-call.ts), the CA/proxy route (net/trust-and-proxy.ts) and the test-call helpers
// (screen-pop/test-calls.ts) live in their own files; the optional integrations are plug-ins
// (plug-in.ts) the Connector attaches and detaches. The CLI's `run` and the tray app both drive
// this same class; everything with a side effect is injected.
//
// Over 300 lines on purpose: the link's lifecycle and the pop pipeline share their state (the
// configuration, the Accolades answer, the calls in flight), and the rest are one-line doors to
// click2call, the plug-ins and the test calls, so callers keep holding one object.
import { AccoladesConnection } from './connection/accolades-connection.js';
import type { ConfigurationAnswer } from './connection/connection-events.js';
import type { CallDirection, CallNotification } from './calls.js';
import { ClickToCall, type DialResult } from './click-to-call.js';
import type { ConnectorConfig } from './config/schema.js';
import type { ConnectorCounters, ConnectorEvents, ConnectorOptions } from './connector-options.js';
import { configurationForTemplates } from './configuration-values.js';
import type { ConnectionState } from './connection-state.js';
import { EventBus, type Unsubscribe } from './events.js';
import { errorMessage } from './error-message.js';
import { TrustAndProxy } from './net/trust-and-proxy.js';
import type { AttachedPlugIn, PlugIn, PlugInProblem } from './plug-in.js';
import type { Clock, Logger } from './ports.js';
import { previewCall, type CallPreview } from './rules/preview-call.js';
import type { CallRecord } from './screen-pop/call-record.js';
import { ScreenPop } from './screen-pop/screen-pop.js';
import { noTabNavigator, type OpenInTab } from './screen-pop/open-url.js';
import { ruleTestRecord, testCallNotification } from './screen-pop/test-calls.js';
import type { SmsWarning } from './rest/sms-warnings.js';
import { systemClock } from './system-clock.js';

export type { ConnectorCounters, ConnectorEvents, ConnectorOptions } from './connector-options.js';
export { DialBusyError, type DialResult } from './click-to-call.js';

export class Connector {
  readonly events: EventBus<ConnectorEvents>;
  private config: ConnectorConfig;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly screenPop: ScreenPop;
  private connection: AccoladesConnection | undefined;
  private connectionListeners: Unsubscribe[] = [];
  private configuration: ConfigurationAnswer | undefined;
  private readonly route: TrustAndProxy;
  private readonly clickToCall: ClickToCall;
  private readonly plugIns: AttachedPlugIn[] = [];
  private historyWriteFailures = 0;
  private tabNavigator: OpenInTab = noTabNavigator;
  private droppedFramesBefore = 0;
  private pending = new Set<Promise<unknown>>();
  private lastState: ConnectionState = {
    phase: 'stopped',
    statusLine: 'The connector is stopped.',
    attempt: 0,
  };

  constructor(private readonly options: ConnectorOptions) {
    this.config = options.config;
    this.log = options.logger;
    this.clock = options.clock ?? systemClock;
    this.events = new EventBus<ConnectorEvents>((event, error) =>
      this.log.error('an event listener failed', { event, error: String(error) }),
    );
    this.screenPop = new ScreenPop({
      logger: options.logger,
      getConfig: () => this.config,
      clock: this.clock,
      opener: options.opener,
      launcher: options.launcher,
      // Late-bound: the event bridge plug-in offers its tab navigator once it is attached.
      openInTab: (request) => this.tabNavigator(request),
    });
    this.route = new TrustAndProxy({
      getConfig: () => this.config,
      logger: this.log,
      readTextFile: options.readTextFile,
      resolveProxy: options.resolveProxy,
      onProblem: (problem) => this.events.emit('problem', problem),
    });
    this.clickToCall = new ClickToCall({
      getConfig: () => this.config,
      route: this.route,
      secrets: options.secrets,
      clock: this.clock,
      logger: this.log,
      transport: options.restTransport,
      timeoutMs: options.restTimeoutMs,
    });
  }

  // --- lifecycle ------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.connection) return;
    const { caPem, proxy } = await this.route.freshRoute(this.config.accolades.url);
    const connection = new AccoladesConnection({
      url: this.config.accolades.url,
      crmId: this.config.accolades.crmId,
      caPem,
      proxy,
      clock: this.clock,
      random: this.options.random ?? Math.random,
      logger: this.log,
      socketFactory: this.options.socketFactory,
      timing: this.options.timing,
    });
    this.connection = connection;
    this.connectionListeners = [
      connection.on('state', (state) => {
        this.lastState = state;
        this.events.emit('state', state);
      }),
      connection.on('call', (notification) => this.track(this.onCall(notification))),
      connection.on('configuration', (answer) => {
        this.configuration = answer;
        this.events.emit('configuration', answer);
      }),
      connection.on('droppedFrame', (event) => this.events.emit('droppedFrame', event)),
      connection.on('serverError', (event) => this.events.emit('serverError', event)),
    ];
    connection.start();
  }

  /** Stops the link and waits for calls being handled to reach the history. */
  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      this.droppedFramesBefore += connection.droppedFrames;
      connection.stop();
      for (const off of this.connectionListeners) off();
      this.connectionListeners = [];
    }
    this.lastState = { phase: 'stopped', statusLine: 'The connector is stopped.', attempt: 0 };
    this.events.emit('state', this.lastState);
    await Promise.allSettled([...this.pending]);
  }

  reconnectNow(reason = 'asked by the user'): void {
    this.connection?.reconnectNow(reason);
  }

  get state(): ConnectionState {
    return this.connection?.state ?? this.lastState;
  }

  /**
   * Resolves once every call handled so far is in the history and the plug-ins have finished
   * what those calls started (lookups and their writes): tests, shutdown.
   */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    for (const plugIn of this.plugIns) await plugIn.idle();
  }

  // --- plug-ins ---------------------------------------------------------------------------------

  /** Attaches an optional integration; it stays until detachPlugIns(). Returns its handle. */
  async plugIn<H extends AttachedPlugIn>(plugIn: PlugIn<Connector, H>): Promise<H> {
    const handle = await plugIn.attach(this);
    this.plugIns.push(handle);
    return handle;
  }

  /**
   * The CRM-tab path for screen-pops (the event bridge plug-in offers it; undefined when it is
   * detached): every URL opens in the browser without one.
   */
  setTabNavigator(navigator: OpenInTab | undefined): void {
    this.tabNavigator = navigator ?? noTabNavigator;
  }

  /** Every attached plug-in's current problems, in the order they were attached. */
  plugInProblems(): PlugInProblem[] {
    return this.plugIns.flatMap((plugIn) => plugIn.problems());
  }

  /** Detaches every plug-in (shutdown); waits for the work they started. */
  async detachPlugIns(): Promise<void> {
    const attached = this.plugIns.splice(0);
    await Promise.allSettled(attached.map((plugIn) => plugIn.detach()));
  }

  // --- configuration ----------------------------------------------------------------------------

  getConfig(): ConnectorConfig {
    return this.config;
  }

  /** Applies a new effective configuration; reconnects only when the link settings changed. */
  async applyConfig(next: ConnectorConfig): Promise<void> {
    const before = this.config;
    this.whilePauseMayChange(() => {
      this.config = next;
    });
    this.clickToCall.settingsChanged();
    this.events.emit('config', next);
    if (this.connection && linkSettingsChanged(before, next)) {
      this.log.info('connection settings changed; reconnecting');
      await this.stop();
      await this.start();
    }
  }

  /** The latest Accolades configuration answer (account / phone / agent texts). */
  getConfigurationAnswer(): ConfigurationAnswer | undefined {
    return this.configuration;
  }

  // --- screen-pops ------------------------------------------------------------------------------

  /** The tray's pause; `paused` events report the effective state (tray or settings). */
  setPaused(paused: boolean): void {
    this.whilePauseMayChange(() => this.screenPop.setPaused(paused));
  }

  isPaused(): boolean {
    return this.screenPop.isPaused();
  }

  counters(): ConnectorCounters {
    return {
      ...this.screenPop.counters(),
      droppedFrames: this.droppedFramesBefore + (this.connection?.droppedFrames ?? 0),
      historyWriteFailures: this.historyWriteFailures,
    };
  }

  /** Dry run for a sample number: the rule trace and the exact URL/argv. Launches nothing. */
  preview(rawNumber: string, direction: CallDirection, config = this.config): CallPreview {
    return previewCall(config, {
      rawNumber,
      direction,
      crmId: config.accolades.crmId,
      configuration: configurationForTemplates(this.configuration),
      timeMs: this.clock.nowMs(),
    });
  }

  /** Runs the rules for a call that did not come from Accolades (settings "Test", demo). */
  async handleTestCall(rawNumber: string, direction: CallDirection): Promise<CallRecord> {
    const notification = testCallNotification(rawNumber, direction, this.clock);
    return this.track(this.process(notification, { record: false }));
  }

  /**
   * The settings window's "Test" button, after the services' checks (locks, the agent's yes to
   * a program): runs exactly the actions of `plan` (from preview() with the rule under test)
   * through the same URL policy, opener and launcher as a call. Not kept in the history.
   */
  async runTest(plan: CallPreview, direction: CallDirection): Promise<CallRecord> {
    const sample = ruleTestRecord(plan, direction, this.config.accolades.crmId, this.clock.nowMs());
    return this.screenPop.runPlanned(sample);
  }

  /**
   * "Open contact again" from the history or a click-mode notification: the CURRENT rules
   * decide what opens for the stored call (see ScreenPop.popAgain), never the stored actions.
   */
  async popAgain(callId: string): Promise<CallRecord> {
    const original = await this.options.history.get(callId);
    if (!original) throw new Error(`There is no call ${callId} in the history.`);
    const record = await this.screenPop.popAgain(original, {
      crmId: this.config.accolades.crmId,
      configuration: configurationForTemplates(this.configuration),
    });
    await this.record(record);
    this.events.emit('call', record);
    return record;
  }

  // --- click2call -------------------------------------------------------------------------------

  /** REST `dial` for what an agent typed or pasted. Never retried; one at a time. */
  dial(text: string): Promise<DialResult> {
    return this.clickToCall.dial(text);
  }

  sendSms(numberText: string, message: string): Promise<{ sent: string; warnings: SmsWarning[] }> {
    return this.clickToCall.sendSms(numberText, message);
  }

  /** REST `ping`: are the account and password right? */
  testCredentials(): Promise<void> {
    return this.clickToCall.testCredentials();
  }

  // --- internals --------------------------------------------------------------------------------

  private async onCall(notification: CallNotification): Promise<CallRecord> {
    this.events.emit('notification', notification);
    return this.process(notification, { record: true });
  }

  private async process(
    notification: CallNotification,
    { record }: { record: boolean },
  ): Promise<CallRecord> {
    const result = await this.screenPop.handle(notification, {
      crmId: this.config.accolades.crmId,
      configuration: configurationForTemplates(this.configuration),
    });
    if (record) await this.record(result);
    this.events.emit('call', result);
    return result;
  }

  private async record(record: CallRecord): Promise<void> {
    try {
      await this.options.history.append(record);
    } catch (error) {
      // The call is still reported on the bus (tray, CLI line); only the disk copy is missing.
      this.historyWriteFailures += 1;
      const message = `Could not write the call history: ${errorMessage(error)}`;
      this.log.error(message);
      this.events.emit('problem', { source: 'history', message });
    }
  }

  /** Runs `change` and emits `paused` once if the effective pause state moved. */
  private whilePauseMayChange(change: () => void): void {
    const before = this.screenPop.isPaused();
    change();
    const after = this.screenPop.isPaused();
    if (after !== before) this.events.emit('paused', after);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => {});
    return promise;
  }
}

function linkSettingsChanged(a: ConnectorConfig, b: ConnectorConfig): boolean {
  return (
    a.accolades.url !== b.accolades.url ||
    a.accolades.crmId !== b.accolades.crmId ||
    a.accolades.caFile !== b.accolades.caFile ||
    a.accolades.proxy !== b.accolades.proxy
  );
}
