// `run`'s local bridge, caller-name lookup and pairing endpoint, as JSON lines. Each is a plug-in
// the Connector attaches and detaches; it stays idle unless the configuration turns it on
// (bridge.enabled, lookup.url, pairing.enabled). Pairing needs a person to say yes: `run` prints the request and
// saves nothing unless started with --accept-pairing; an accepted CRM ID applies to this run
// only (the settings file is the admin's and is never rewritten).
import { bridgePlugIn } from '../core/bridge/bridge-plug-in.js';
import type { Connector } from '../core/connector.js';
import { lookupPlugIn } from '../core/lookup/lookup-plug-in.js';
import type { PairingKey } from '../core/pairing/attach-pairing.js';
import { pairingPlugIn } from '../core/pairing/pairing-plug-in.js';
import type { Logger, SecretStore } from '../core/ports.js';
import { errorMessage } from '../core/error-message.js';

export interface RunIntegrationsOptions {
  secrets: SecretStore;
  logger: Logger;
  emit: (type: string, payload: Record<string, unknown>) => void;
  /** Keys the admin policy locks (pairing never changes them). */
  isLocked: (key: PairingKey) => boolean;
  /** Say yes to pairing requests without asking (the --accept-pairing flag). */
  acceptPairing: boolean;
}

/**
 * Plugs the integrations into the connector and reports them as JSON lines. Returns the
 * unsubscriber of those reports; connector.idle() and connector.detachPlugIns() do the rest.
 */
export async function attachRunIntegrations(
  connector: Connector,
  options: RunIntegrationsOptions,
): Promise<() => void> {
  const { emit, logger } = options;
  const lookup = await connector.plugIn(lookupPlugIn({ secrets: options.secrets, logger }));
  const bridge = await connector.plugIn(
    bridgePlugIn({ secrets: options.secrets, logger, callerNames: lookup.events }),
  );
  const pairing = await connector.plugIn(
    pairingPlugIn({
      logger,
      settings: {
        isLocked: options.isLocked,
        save: async ({ crmId, url }) => {
          const config = connector.getConfig();
          await connector.applyConfig({
            ...config,
            accolades: { ...config.accolades, crmId, ...(url === undefined ? {} : { url }) },
          });
        },
      },
    }),
  );

  const reportListening = (): void => {
    const bridgePort = bridge.port();
    const pairingPort = pairing.port();
    if (bridgePort !== undefined) emit('bridge', { listening: `127.0.0.1:${bridgePort}` });
    if (pairingPort !== undefined) emit('pairing', { listening: `127.0.0.1:${pairingPort}` });
  };
  for (const problem of connector.plugInProblems()) emit('problem', { ...problem });
  reportListening();

  const offs = [
    lookup.events.on('callerName', ({ callId, name }) => emit('callerName', { callId, name })),
    lookup.events.on('lookup', ({ callId, result, note }) => {
      if (result.kind === 'failed') emit('problem', { source: 'lookup', callId, message: note });
    }),
    bridge.events.on('clients', (clients) =>
      emit('bridgeClients', {
        clients: clients.map((client) => ({
          name: client.name,
          origin: client.origin ?? null,
          authenticated: client.authenticated,
          subscribed: client.subscribed,
          tabs: client.tabs,
        })),
      }),
    ),
    bridge.events.on('problem', (problem) => emit('problem', { ...problem })),
    // The browser companion started loading a pop in the CRM tab (timeStamp: the browser's).
    bridge.events.on('navigating', ({ popId, tabId, timeStamp, client }) =>
      emit('tabNavigating', { popId, tabId, timeStamp, client }),
    ),
    pairing.onProblem((problem) => emit('problem', { ...problem })),
    pairing.onPairingRequest((request) => {
      emit('pairingRequest', {
        id: request.id,
        agentId: request.agentId,
        serverUrl: request.serverUrl,
        changesServer: request.changesServer,
        origin: request.origin,
        question: request.question,
        accepted: options.acceptPairing,
      });
      if (!options.acceptPairing) return;
      pairing.confirm(request.id).then(
        (saved) => emit('paired', { crmId: saved.crmId, url: saved.url ?? null }),
        (error: unknown) =>
          emit('problem', {
            source: 'pairing',
            message: errorMessage(error),
          }),
      );
    }),
  ];

  return () => {
    for (const off of offs) off();
  };
}
