// The optional integrations on the app's Connector: the local event bridge, the pairing endpoint
// and the caller-name lookup, plugged in when the services start and detached when they stop. Names
// that arrive are written to the call history (a newer version of the record) and announced;
// clients and problems are summed up for the tray. No Electron import: the question to the
// agent is asked by pairing-confirmation.ts in the main process.
import type { CallHistory } from '../core/history/history-entry.js';
import type { AttachBridgeOptions } from '../core/bridge/attach-bridge.js';
import { bridgePlugIn } from '../core/bridge/bridge-plug-in.js';
import type { Connector } from '../core/connector.js';
import { errorMessage } from '../core/error-message.js';
import type { AttachLookupOptions } from '../core/lookup/attach-lookup.js';
import { lookupPlugIn } from '../core/lookup/lookup-plug-in.js';
import { lookupNote } from '../core/lookup/lookup-config.js';
import { contactView } from './history-view.js';
import type {
  AttachPairingOptions,
  PairingSettingsWriter,
} from '../core/pairing/attach-pairing.js';
import { pairingPlugIn } from '../core/pairing/pairing-plug-in.js';
import type { Logger, SecretStore } from '../core/ports.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import type { PairedExtension } from '../core/config/schema.js';
import type { LookupPreviewView, Result } from '../shared/ipc-contract.js';
import { browserTabStatus } from './browser-tab-status.js';
import type {
  BrowserPairingCode,
  IntegrationProblem,
  IntegrationStatus,
  PairingRequestView,
} from './services.js';

export interface LocalIntegrationsOptions {
  connector: Connector;
  secrets: SecretStore;
  logger: Logger;
  history: CallHistory<CallRecord>;
  /** How pairing saves: the services' saveSettings, so the admin policy's locks hold. */
  settings: PairingSettingsWriter;
  /** How a browser extension pairing is saved (browserTab.pairedExtensions; locks hold). */
  savePairedExtensions?: (list: PairedExtension[]) => Promise<void>;
  onHistoryUpdated(record: CallRecord): void;
  onStatus(status: IntegrationStatus): void;
  onPairingRequest(request: PairingRequestView): void;
  /** Test seams (ports 0, short timeouts); production leaves them out. */
  bridge?: Partial<Omit<AttachBridgeOptions, 'secrets' | 'logger' | 'callerNames'>>;
  pairing?: Partial<Omit<AttachPairingOptions, 'settings' | 'logger'>>;
  lookup?: Partial<Omit<AttachLookupOptions, 'secrets' | 'logger'>>;
}

export interface LocalIntegrations {
  status(): IntegrationStatus;
  confirmPairing(requestId: string): Promise<Result<{ crmId: string; url?: string }>>;
  rejectPairing(requestId: string): void;
  startBrowserPairing(): Result<BrowserPairingCode>;
  cancelBrowserPairing(): void;
  unpairBrowser(origin: string): Promise<Result>;
  /** The bridge's port while it listens (tests, About). */
  bridgePort(): number | undefined;
  pairingPort(): number | undefined;
  /** The settings "Test lookup": the CRM's answer for a sample number, for the page. */
  testLookup(number: string): Promise<LookupPreviewView>;
  /** Resolves when started lookups and their history writes are done (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalIntegrations(
  options: LocalIntegrationsOptions,
): Promise<LocalIntegrations> {
  const { connector, logger: log } = options;
  const lookup = await connector.plugIn(
    // Several matches wait for the agent's pick in the picker window (main/contact-picker.ts).
    lookupPlugIn({
      severalMatches: 'picker',
      ...options.lookup,
      secrets: options.secrets,
      logger: log,
    }),
  );
  const bridge = await connector.plugIn(
    bridgePlugIn({
      ...options.bridge,
      secrets: options.secrets,
      logger: log,
      callerNames: lookup.events,
      ...(options.savePairedExtensions
        ? { savePairedExtensions: options.savePairedExtensions }
        : {}),
    }),
  );
  const pairing = await connector.plugIn(
    pairingPlugIn({ ...options.pairing, settings: options.settings, logger: log }),
  );

  const writes = new Set<Promise<void>>();

  const status = (): IntegrationStatus => ({
    bridgeClients: bridge.clients().map((client) => ({
      id: client.id,
      ...(client.origin === undefined ? {} : { origin: client.origin }),
      ...(client.remotePort === undefined ? {} : { remotePort: client.remotePort }),
      authenticated: client.authenticated,
    })),
    // The tray lists the bridge's and the endpoint's problems before the lookup's.
    problems: [bridge, pairing, lookup].flatMap((plugIn): IntegrationProblem[] =>
      plugIn.problems(),
    ),
    browserTab: {
      ...browserTabStatus(connector.getConfig(), bridge.clients()),
      ...(bridge.port() === undefined ? {} : { bridgePort: bridge.port() }),
    },
  });
  let lastSent = '';
  const announce = (): void => {
    const now = status();
    const key = JSON.stringify(now);
    if (key === lastSent) return;
    lastSent = key;
    options.onStatus(now);
  };

  const subscriptions = [
    bridge.events.on('clients', announce),
    bridge.events.on('problem', announce),
    pairing.onProblem(announce),
    // A settings change may start, move or stop the bridge and the endpoint.
    connector.events.on('config', () => {
      void Promise.all([bridge.settled(), pairing.settled()]).then(announce);
    }),
    pairing.onPairingRequest((request) =>
      options.onPairingRequest({
        id: request.id,
        agentId: request.agentId,
        serverUrl: request.serverUrl,
        changesServer: request.changesServer,
        origin: request.origin,
      }),
    ),
    lookup.events.on('lookup', ({ callId, result, note }) => {
      announce();
      const patch: Partial<CallRecord> = { lookupNote: note };
      if (result.kind === 'found') {
        // The history keeps every match, also when they arrived after the pop's deadline.
        patch.contacts = result.contacts;
        if (result.name !== undefined) patch.callerName = result.name;
      }
      const write = options.history.update(callId, patch).then(
        (record) => {
          if (record) options.onHistoryUpdated(record);
        },
        (error: unknown) =>
          log.error('could not add the caller name to the history', {
            callId,
            error: String(error),
          }),
      );
      writes.add(write);
      void write.finally(() => writes.delete(write));
    }),
  ];
  announce();

  return {
    status,
    confirmPairing: async (requestId) => {
      try {
        return { ok: true, ...(await pairing.confirm(requestId)) };
      } catch (error) {
        const message = errorMessage(error);
        log.warn('pairing not saved', { requestId, error: message });
        return {
          ok: false,
          code: /locked/i.test(message) ? 'locked' : 'not-found',
          error: message,
        };
      }
    },
    rejectPairing: (requestId) => pairing.reject(requestId),
    testLookup: async (number) => {
      const result = await lookup.test(number);
      return {
        kind: result.kind,
        contacts: result.kind === 'found' ? result.contacts.map(contactView) : [],
        message: lookupNote(result),
      };
    },
    startBrowserPairing: () => {
      const port = bridge.port();
      if (port === undefined) {
        return {
          ok: false,
          code: 'not-configured',
          error: 'Turn the local event bridge on first: the extension connects through it.',
        };
      }
      return { ok: true, port, ...bridge.extensionPairing.startCode() };
    },
    cancelBrowserPairing: () => bridge.extensionPairing.cancelCode(),
    unpairBrowser: async (origin) => {
      try {
        const removed = await bridge.extensionPairing.unpair(origin);
        return removed
          ? { ok: true }
          : { ok: false, code: 'not-found', error: `${origin} is not paired.` };
      } catch (error) {
        const message = errorMessage(error);
        return {
          ok: false,
          code: /locked|administrator/i.test(message) ? 'locked' : 'invalid',
          error: message,
        };
      }
    },
    bridgePort: () => bridge.port(),
    pairingPort: () => pairing.port(),
    idle: async () => {
      await connector.idle();
      while (writes.size > 0) await Promise.allSettled([...writes]);
    },
    stop: async () => {
      for (const off of subscriptions) off();
      await connector.detachPlugIns();
      await Promise.allSettled([...writes]);
    },
  };
}
