// Wires the event bridge to the connector: starts or stops it with `bridge.enabled`, restarts it
// when the port changes, forwards every Accolades call frame verbatim and, to subscribers, the
// connector.* stream. The app calls attachBridge once; the tray reads clients() for its status.
// The server's code (bridge-server.ts, bridge-client.ts) is imported when the bridge is turned
// on: most agents never use it, and the connector runs for days.
import type { ConnectorConfig } from '../config/schema.js';
import type { ConnectionState } from '../connection-state.js';
import type { ConfigurationAnswer } from '../connection/connection-events.js';
import type { ConnectorEvents } from '../connector.js';
import { EventBus, type Unsubscribe } from '../events.js';
import type { Clock, Logger, SecretStore } from '../ports.js';
import type { BridgeClientInfo } from './bridge-client.js';
import {
  callerNameMessage,
  callMessage,
  configurationMessage,
  stateMessage,
} from './bridge-messages.js';
import type { BridgeServer } from './bridge-server.js';
import { secretEquals } from './secret-equals.js';
import { extensionHooks, lostItsPairing, tabTestAnswer } from './extension-access.js';
import { ExtensionPairing } from './extension-pairing.js';
import type { PairedExtension } from '../config/schema.js';
import { errorMessage } from '../error-message.js';
import { systemClock } from '../system-clock.js';
import type { OpenInTab } from '../screen-pop/open-url.js';
import { DEFAULT_ACK_TIMEOUT_MS } from '../../shared/extension-protocol.js';
import {
  TabNavigatorHub,
  type TabNavigateSettings,
  type TabNavigatingEvent,
} from './tab-navigator-hub.js';

/** The part of the Connector the bridge uses. */
export interface BridgeSource {
  readonly events: EventBus<ConnectorEvents>;
  getConfig(): ConnectorConfig;
  getConfigurationAnswer(): ConfigurationAnswer | undefined;
  readonly state: ConnectionState;
  /** Where screen-pop finds the CRM-tab path; the bridge offers its extensions' (issue 13). */
  setTabNavigator?(navigator: OpenInTab | undefined): void;
}

/** Until the settings window has its "Browser tab" section: the protocol's defaults. */
export const DEFAULT_TAB_SETTINGS: TabNavigateSettings = {
  ackTimeoutMs: DEFAULT_ACK_TIMEOUT_MS,
  focus: false,
  newTab: 'background',
};

/** The agent's "Browser tab" settings (browserTab.*) as navigate requests use them. */
export function browserTabSettings(config: ConnectorConfig): TabNavigateSettings {
  return {
    ackTimeoutMs: config.browserTab.ackTimeoutMs,
    focus: config.browserTab.focusTab,
    newTab: config.browserTab.newTab,
  };
}

/** Anything that announces caller names (the lookup's event bus). */
export interface CallerNameSource {
  on(event: 'callerName', listener: (event: { callId: string; name: string }) => void): Unsubscribe;
}

export interface AttachBridgeOptions {
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  callerNames?: CallerNameSource;
  /** Overrides bridge.port (tests use 0 for a free port). */
  listenPort?: number;
  maxBufferedBytes?: number;
  authTimeoutMs?: number;
  /**
   * Saves browserTab.pairedExtensions (the app's settings, so policy locks hold). Without it (the
   * CLI) pairing is refused with words saying so; pairings made in the app still authenticate.
   */
  savePairedExtensions?: (list: PairedExtension[]) => Promise<void>;
  /** Test seams for the pairing code and token. */
  pairingSeams?: { newCode?: () => string; newToken?: () => string };
  /** How navigate requests are made (deadline, focus, new-tab placement); read on every pop. */
  tabSettings?: (config: ConnectorConfig) => TabNavigateSettings;
}

export type BridgeHandleEvents = {
  /** The client list changed (connect, authenticate, subscribe, disconnect). */
  clients: BridgeClientInfo[];
  /** The bridge could not start (port taken…), in plain words for the tray. */
  problem: { source: 'bridge'; message: string };
  /** A CRM tab started loading a screen-pop (the extension's webNavigation report). */
  navigating: TabNavigatingEvent;
};

export interface BridgeHandle {
  readonly events: EventBus<BridgeHandleEvents>;
  clients(): BridgeClientInfo[];
  /** The CRM-tab path for screen-pop (plugged into the connector on attach). */
  readonly openInTab: OpenInTab;
  /** The listening port, or undefined while the bridge is off. */
  port(): number | undefined;
  /** Why the bridge is not running although it is on (port taken…), until it starts or is off. */
  problem(): { source: 'bridge'; message: string } | undefined;
  /** Resolves when the last start/stop caused by a settings change has finished. */
  settled(): Promise<void>;
  detach(): Promise<void>;
  /** Browser extension pairing: the code to show, unpairing (cuts that origin at once). */
  readonly extensionPairing: ExtensionPairing;
}

export async function attachBridge(
  connector: BridgeSource,
  options: AttachBridgeOptions,
): Promise<BridgeHandle> {
  const log = options.logger.child('bridge');
  const events = new EventBus<BridgeHandleEvents>((event, error) =>
    log.error('a bridge listener failed', { event, error: String(error) }),
  );
  let server: BridgeServer | undefined;
  let running: { port: number } | undefined;
  let chain: Promise<void> = Promise.resolve();
  let problem: { source: 'bridge'; message: string } | undefined;
  // One hub for the bridge's whole life: a port change restarts the socket server, and the
  // extensions reconnect to the new one.
  const tabs = new TabNavigatorHub({
    clock: options.clock ?? systemClock,
    logger: log,
    settings: () => (options.tabSettings ?? browserTabSettings)(connector.getConfig()),
    onNavigating: (event) => events.emit('navigating', event),
  });
  const openInTab: OpenInTab = (request) => tabs.navigate(request);
  let tabTests = 0;

  const pairing = new ExtensionPairing({
    ...options.pairingSeams,
    logger: log,
    clock: options.clock,
    store: {
      list: () => connector.getConfig().browserTab.pairedExtensions,
      save: async (list) => {
        if (!options.savePairedExtensions)
          throw new Error('Browser pairing is done in the tray app, not the command line.');
        await options.savePairedExtensions(list);
      },
    },
  });

  // The token is the credential by default (bridge.requireToken): the CRM ID is also the
  // agent's key to Accolades itself, shows up in screen-pop URLs, and on a shared computer any
  // other user's program could present it. Accepting it is an explicit setting.
  const authenticate = async (idCrm: string, origin: string | undefined): Promise<boolean> => {
    // A paired extension signs in with its own token, from its own origin only.
    if (pairing.tokenMatches(origin, idCrm)) return true;
    const config = connector.getConfig().bridge;
    const token = (await options.secrets.get('bridgeToken').catch(() => undefined)) ?? '';
    // Both comparisons always run, so the answer time does not tell which one matched.
    const tokenOk = secretEquals(idCrm, token);
    const crmOk = secretEquals(idCrm, connector.getConfig().accolades.crmId);
    if (tokenOk) return true;
    if (!config.requireToken) return crmOk;
    // Refused; say why when it helps the person setting the integration up.
    if (token === '') {
      log.warn(
        'no bridge token is set, so no client can sign in; set one in the settings (or ACCOLADES_BRIDGE_TOKEN for the command line)',
      );
    } else if (crmOk) {
      log.warn(
        "a bridge client sent the agent's CRM ID; only the bridge token is accepted (bridge.requireToken)",
      );
    }
    return false;
  };

  const desired = (): { port: number } | undefined => {
    const config = connector.getConfig().bridge;
    return config.enabled ? { port: options.listenPort ?? config.port } : undefined;
  };

  const reconcile = async (): Promise<void> => {
    const want = desired();
    if (!want) problem = undefined;
    if (want?.port === running?.port) return;
    if (server) {
      const old = server;
      server = undefined;
      running = undefined;
      await old.close();
      events.emit('clients', []);
    }
    if (!want) return;
    try {
      const { BridgeServer } = await import('./bridge-server.js');
      server = await BridgeServer.start({
        port: want.port,
        logger: log,
        clock: options.clock,
        allowedOrigins: () => connector.getConfig().bridge.allowedOrigins,
        authenticate,
        extensions: extensionHooks(pairing, () =>
          tabTestAnswer(connector.getConfig(), openInTab, `tab-test-${++tabTests}`),
        ),
        version: () => connector.state.serverVersion,
        configuration: () => configurationMessage(connector.getConfigurationAnswer()),
        onSubscribed: (client) => server?.sendTo(client, stateMessage(connector.state)),
        maxBufferedBytes: options.maxBufferedBytes,
        authTimeoutMs: options.authTimeoutMs,
        onClientsChanged: (list) => events.emit('clients', list),
        tabs,
      });
      running = want;
      problem = undefined;
    } catch (error) {
      const message = errorMessage(error);
      log.error(message);
      problem = { source: 'bridge', message };
      events.emit('problem', problem);
    }
  };

  const schedule = (): Promise<void> => {
    chain = chain.then(reconcile, reconcile);
    return chain;
  };

  const subscriptions: Unsubscribe[] = [
    connector.events.on('notification', (notification) =>
      server?.forwardAccolades(notification.message),
    ),
    connector.events.on('call', (record) => server?.publish(callMessage(record))),
    connector.events.on('state', (state) => server?.publish(stateMessage(state))),
    connector.events.on('config', (config) => {
      server?.dropClients(
        (client) => lostItsPairing(client, pairing, config.bridge.allowedOrigins),
        'its browser pairing was removed',
      );
      void schedule();
    }),
  ];
  if (options.callerNames) {
    subscriptions.push(
      options.callerNames.on('callerName', ({ callId, name }) =>
        server?.publish(callerNameMessage(callId, name)),
      ),
    );
  }

  await schedule();
  connector.setTabNavigator?.(openInTab);

  return {
    events,
    clients: () => server?.clients() ?? [],
    openInTab,
    port: () => (server ? server.port : undefined),
    problem: () => problem,
    settled: () => chain,
    extensionPairing: pairing,
    detach: async () => {
      for (const off of subscriptions) off();
      connector.setTabNavigator?.(undefined);
      tabs.close();
      await chain;
      const old = server;
      server = undefined;
      running = undefined;
      await old?.close();
    },
  };
}
