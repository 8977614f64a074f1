// Zero-config pairing, tray side: the hosted connector on the Accolades Agent page posts the
// agent's CRM ID here; the app asks the agent once ("Use the CRM ID from your Accolades Agent
// page?") and, on yes, saves it through the injected settings writer. Nothing is saved without
// that confirmation.
//
// The server is another matter: whoever names accolades.url decides which "calls" arrive, and
// calls open pages and start programs. Anything on this computer can post here with a forged
// Origin, so a request naming a server other than the configured one is refused outright unless
// that host:port is on the admin's pairing.allowedServers (default: the official server). Only
// then may the question offer the switch (when accolades.url is not locked).
import type { ConnectorConfig } from '../config/schema.js';
import type { ConnectorEvents } from '../connector.js';
import { EventBus, type Unsubscribe } from '../events.js';
import type { Clock, Logger } from '../ports.js';
import { systemClock } from '../system-clock.js';
import type { PairingAnswer, PairingHttpServer } from './pairing-http.js';
import { sameServer, serverAddressOf, serverUrlOf, type PairingInput } from './pairing-input.js';
import { errorMessage } from '../error-message.js';

export type PairingKey = 'accolades.crmId' | 'accolades.url';

/** How pairing changes the settings (the app's settings store; policy locks respected). */
export interface PairingSettingsWriter {
  isLocked(key: PairingKey): boolean;
  save(changes: { crmId: string; url?: string }): Promise<void>;
}

export interface PairingRequest {
  id: string;
  agentId: string;
  /** The Accolades server the Agent page uses, as wss://host:port. */
  serverUrl: string;
  /** True when confirming also switches the server address (it differs and is not locked). */
  changesServer: boolean;
  /** The page that sent it. */
  origin: string;
  receivedAt: number;
  /** The one question to show the agent. */
  question: string;
}

export interface PairingSource {
  readonly events: EventBus<ConnectorEvents>;
  getConfig(): ConnectorConfig;
}

export interface AttachPairingOptions {
  settings: PairingSettingsWriter;
  logger: Logger;
  clock?: Clock;
  /** Overrides pairing.port (tests use 0). */
  listenPort?: number;
  rateLimit?: { burst: number; refillMs: number };
  /** A request not answered by then is dropped. Default 10 minutes. */
  expireMs?: number;
}

export interface PairingHandle {
  onPairingRequest(listener: (request: PairingRequest) => void): Unsubscribe;
  /** The endpoint could not start (port taken…), in plain words for the tray. */
  onProblem(listener: (problem: { source: 'pairing'; message: string }) => void): Unsubscribe;
  /** Saves the request's CRM ID (and server); throws when it is unknown or expired. */
  confirm(id: string): Promise<{ crmId: string; url?: string }>;
  reject(id: string): void;
  pending(): PairingRequest[];
  port(): number | undefined;
  /** Why the endpoint is not running although pairing is on, until it starts or is turned off. */
  problem(): { source: 'pairing'; message: string } | undefined;
  /** The endpoint's counters (preflights, accepted, refused, limited), when it is running. */
  counters(): PairingHttpServer['counters'] | undefined;
  settled(): Promise<void>;
  detach(): Promise<void>;
}

const MAX_PENDING = 3;

export async function attachPairing(
  source: PairingSource,
  options: AttachPairingOptions,
): Promise<PairingHandle> {
  const log = options.logger.child('pairing');
  const clock = options.clock ?? systemClock;
  const expireMs = options.expireMs ?? 10 * 60_000;
  const bus = new EventBus<{
    request: PairingRequest;
    problem: { source: 'pairing'; message: string };
  }>((event, error) => log.error('a pairing listener failed', { event, error: String(error) }));
  const pending = new Map<string, { request: PairingRequest; input: PairingInput; mono: number }>();
  let nextId = 1;
  let server: PairingHttpServer | undefined;
  let runningPort: number | undefined;
  let chain: Promise<void> = Promise.resolve();
  let problem: { source: 'pairing'; message: string } | undefined;

  const dropExpired = (): void => {
    const now = clock.monotonicMs();
    for (const [id, entry] of pending) if (now - entry.mono >= expireMs) pending.delete(id);
  };

  const serverAllowed = (address: string): boolean =>
    source.getConfig().pairing.allowedServers.some((allowed) => allowed.toLowerCase() === address);

  const onPair = (input: PairingInput, origin: string): PairingAnswer => {
    dropExpired();
    const config = source.getConfig().accolades;
    const serverUrl = serverUrlOf(input);
    const address = serverAddressOf(input);
    const serverDiffers = !sameServer(config.url, input);
    if (serverDiffers && !serverAllowed(address)) {
      // Refused whole: the CRM ID is only offered for the server the connector already uses.
      const error = `The Agent page names the server ${address}, which is not in pairing.allowedServers; nothing was changed.`;
      log.warn(`pairing request from ${origin} refused: ${error}`, { configured: config.url });
      return { status: 403, body: { status: 'server-not-allowed', error } };
    }
    const changesServer = serverDiffers && !options.settings.isLocked('accolades.url');
    if (input.agentId === config.crmId && !changesServer) {
      return { status: 200, body: { status: 'already-paired' } };
    }
    if (options.settings.isLocked('accolades.crmId')) {
      log.warn('pairing request ignored: the CRM ID is locked by the admin policy');
      return { status: 409, body: { status: 'locked' } };
    }
    // The Agent page loads the hosted connector on every visit: one question per CRM ID.
    for (const { request } of pending.values()) {
      if (request.agentId === input.agentId && request.serverUrl === serverUrl) {
        return { status: 202, body: { status: 'pending' } };
      }
    }
    if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
    const request: PairingRequest = {
      id: `pair-${nextId++}`,
      agentId: input.agentId,
      serverUrl,
      changesServer,
      origin,
      receivedAt: clock.nowMs(),
      question: changesServer
        ? `Use the CRM ID from your Accolades Agent page, and its server ${input.serverFqdn}:${input.serverPort}?`
        : 'Use the CRM ID from your Accolades Agent page?',
    };
    if (serverDiffers && !changesServer) {
      log.warn(
        `the Agent page uses ${serverUrl}, but the server address is locked to ${config.url}`,
      );
    }
    pending.set(request.id, { request, input, mono: clock.monotonicMs() });
    log.info(`pairing request from ${origin}; waiting for the agent to confirm`, {
      id: request.id,
    });
    bus.emit('request', request);
    return { status: 202, body: { status: 'pending' } };
  };

  const reconcile = async (): Promise<void> => {
    const config = source.getConfig().pairing;
    const want = config.enabled ? (options.listenPort ?? config.port) : undefined;
    if (want === undefined) problem = undefined;
    if (want === runningPort) return;
    if (server) {
      const old = server;
      server = undefined;
      runningPort = undefined;
      await old.close();
    }
    if (want === undefined) return;
    try {
      // The endpoint's HTTP code is imported only once pairing is turned on.
      const { PairingHttpServer } = await import('./pairing-http.js');
      server = await PairingHttpServer.start({
        port: want,
        logger: log,
        clock,
        allowedOrigins: () => source.getConfig().pairing.allowedOrigins,
        onPair,
        rateLimit: options.rateLimit,
      });
      runningPort = want;
      problem = undefined;
    } catch (error) {
      const message = errorMessage(error);
      log.error(message);
      problem = { source: 'pairing', message };
      bus.emit('problem', problem);
    }
  };
  const schedule = (): Promise<void> => (chain = chain.then(reconcile, reconcile));
  const offConfig = source.events.on('config', () => void schedule());
  await schedule();

  return {
    onPairingRequest: (listener) => bus.on('request', listener),
    onProblem: (listener) => bus.on('problem', listener),
    confirm: async (id) => {
      dropExpired();
      const entry = pending.get(id);
      if (!entry) throw new Error('This pairing request has expired or was already answered.');
      pending.delete(id);
      const { request, input } = entry;
      // Locks are checked again: the policy may have changed while the question was open.
      if (options.settings.isLocked('accolades.crmId')) {
        throw new Error('The CRM ID is locked by your administrator.');
      }
      // Checked again: the settings or the policy may have changed while the question was open.
      const address = serverAddressOf(input);
      const serverDiffers = !sameServer(source.getConfig().accolades.url, input);
      if (serverDiffers && !serverAllowed(address)) {
        throw new Error(
          `The server ${address} is no longer in pairing.allowedServers; nothing was changed.`,
        );
      }
      const changes: { crmId: string; url?: string } = { crmId: request.agentId };
      if (request.changesServer && serverDiffers && !options.settings.isLocked('accolades.url')) {
        changes.url = serverUrlOf(input);
      }
      await options.settings.save(changes);
      log.info('paired with the Accolades Agent page', { server: changes.url ?? 'unchanged' });
      return changes;
    },
    reject: (id) => {
      if (pending.delete(id)) log.info('pairing request declined by the agent', { id });
    },
    pending: () => {
      dropExpired();
      return [...pending.values()].map((entry) => entry.request);
    },
    port: () => (server ? server.port : undefined),
    problem: () => problem,
    counters: () => server?.counters,
    settled: () => chain,
    detach: async () => {
      offConfig();
      await chain;
      const old = server;
      server = undefined;
      runningPort = undefined;
      await old?.close();
    },
  };
}
