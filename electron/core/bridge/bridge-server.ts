// The local event bridge's socket side: a WebSocket server on 127.0.0.1 that speaks the
// Accolades External CRM protocol (authRequest → authSuccess/authFailed, configuration, call
// events) to any number of local clients. What to answer comes from the injected callbacks, so
// this file knows nothing about the connector.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Clock, Logger, TimerHandle } from '../ports.js';
import { isJsonObject, safeJsonParse } from '../protocol/safe-json.js';
import { systemClock } from '../system-clock.js';
import { BridgeClient, type BridgeClientInfo } from './bridge-client.js';
import {
  authFailedMessage,
  authSuccessMessage,
  CONNECTOR_STREAM,
  subscribedMessage,
} from './bridge-messages.js';
import { TABS_STREAM } from '../../shared/extension-protocol.js';
import { listenOnLoopback } from './loopback.js';
import { isExtensionOrigin } from '../config/extension-origin.js';
import { acceptTabsSubscription } from './tabs-subscription.js';
import type { TabNavigatorHub } from './tab-navigator-hub.js';

export interface BridgeServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  logger: Logger;
  clock?: Clock;
  /** Read on every connection, so a settings change applies to the next client at once. */
  allowedOrigins: () => readonly string[];
  /** Is this idCrm (CRM ID, bridge token, or a paired extension's token for this origin) accepted? */
  authenticate: (idCrm: string, origin: string | undefined) => Promise<boolean>;
  /**
   * Browser extension pairing (extension-pairing.ts): which origins not in allowedOrigins may
   * connect ('paired': as any client; 'pair-only': to send connector.pair and nothing else), and
   * the answer to a connector.pair frame.
   */
  extensions?: {
    admits(origin: string): 'paired' | 'pair-only' | undefined;
    /** The popup's Test button (connector.tabTest from a signed-in extension): the answer frame. */
    tabTest?(client: BridgeClient): Promise<Record<string, unknown>>;
    pair(
      client: BridgeClient,
      message: Readonly<Record<string, unknown>>,
    ): Promise<Record<string, unknown>>;
  };
  /** The API version to put in authSuccess. */
  version: () => string | undefined;
  configuration: () => Readonly<Record<string, unknown>>;
  /** Called right after a client subscribed to the richer stream (to send it the current state). */
  onSubscribed?: (client: BridgeClient) => void;
  /** Per-client backlog limit before the client is cut off. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Largest frame a client may send. Default 4 KiB (an authRequest is tiny). */
  maxPayload?: number;
  /** A client that has not authenticated by then is closed. Default 10 s. */
  authTimeoutMs?: number;
  /** Told whenever the client list changes (tray). */
  onClientsChanged?: (clients: BridgeClientInfo[]) => void;
  /** The browser companion extensions' side (tabs stream, navigate acks); none = no tabs stream. */
  tabs?: TabNavigatorHub;
}

const ID_MAX_LENGTH = 200;

export class BridgeServer {
  private readonly wss: WebSocketServer;
  private readonly clientSet = new Set<BridgeClient>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private nextId = 1;
  private boundPort = 0;

  private constructor(
    private readonly http: Server,
    private readonly options: BridgeServerOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload ?? 4096,
      perMessageDeflate: false,
      clientTracking: false,
    });
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(request, socket, head),
    );
    http.on('request', (_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      response.end('This is the Accolades Connector event bridge; connect with a WebSocket.\n');
    });
    http.on('clientError', (_error, socket) => socket.destroy());
  }

  static async start(options: BridgeServerOptions): Promise<BridgeServer> {
    const server = new BridgeServer(createServer(), options);
    server.boundPort = await listenOnLoopback(server.http, options.port, 'event bridge');
    server.log.info(`event bridge listening on ws://127.0.0.1:${server.boundPort}`);
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  clients(): BridgeClientInfo[] {
    return [...this.clientSet].map((client) => client.info());
  }

  /** An Accolades frame, as received, to every authenticated client. Never waits. */
  forwardAccolades(message: Readonly<Record<string, unknown>>): void {
    this.broadcast(JSON.stringify(message), (client) => client.authenticated);
  }

  /** A connector.* frame to the clients that subscribed to the richer stream. */
  publish(message: Record<string, unknown>): void {
    this.broadcast(JSON.stringify(message), (client) => client.subscribed);
  }

  sendTo(client: BridgeClient, message: Readonly<Record<string, unknown>>): void {
    client.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    // Cut every client at once (no close handshake to wait for) so close() always finishes.
    for (const client of [...this.clientSet]) client.terminate('the event bridge is stopping');
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.wss.close();
    this.log.info('event bridge stopped');
  }

  // --- connections ------------------------------------------------------------------------------

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const origin = request.headers.origin;
    const remotePort = request.socket.remotePort;
    const extensionAccess =
      origin === undefined || this.options.allowedOrigins().includes(origin)
        ? undefined
        : this.options.extensions?.admits(origin);
    if (
      origin !== undefined &&
      !this.options.allowedOrigins().includes(origin) &&
      !extensionAccess
    ) {
      // A web page the admin did not allow: no WebSocket, and a log line naming it.
      this.log.warn(
        `event bridge refused a web page from ${origin} (not in bridge.allowedOrigins)`,
        {
          remotePort,
        },
      );
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const client = this.accept(ws, origin, remotePort);
      client.pairOnly = extensionAccess === 'pair-only';
      client.browserName = browserNameOf(request.headers['user-agent']);
    });
  }

  private accept(
    ws: WebSocket,
    origin: string | undefined,
    remotePort: number | undefined,
  ): BridgeClient {
    const client = new BridgeClient(
      this.nextId++,
      ws,
      origin,
      remotePort,
      this.clock.nowMs(),
      this.options.maxBufferedBytes ?? 1024 * 1024,
      this.log,
    );
    this.clientSet.add(client);
    this.log.info(`bridge client connected: ${client.name}`);
    this.changed();
    const authTimer: TimerHandle = this.clock.setTimeout(() => {
      if (!client.authenticated) client.close(1008, 'no authRequest in time');
    }, this.options.authTimeoutMs ?? 10_000);
    authTimer.unref?.();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return; // Accolades speaks text frames only; binary is ignored.
      void this.onMessage(client, data).catch((error: unknown) =>
        this.log.error('bridge message handling failed', {
          client: client.name,
          error: String(error),
        }),
      );
    });
    ws.on('error', (error) => {
      // Oversize frames and protocol errors end up here; ws closes the socket itself.
      this.log.warn(`bridge client ${client.name}: ${error.message}`);
    });
    ws.on('close', () => {
      this.clock.clearTimeout(authTimer);
      client.closed = true;
      this.clientSet.delete(client);
      this.options.tabs?.removed(client);
      this.log.info(`bridge client disconnected: ${client.name}`);
      this.changed();
    });
    return client;
  }

  /** Cuts the clients that lost their right to be here (an unpaired extension). */
  dropClients(shouldGo: (client: BridgeClient) => boolean, reason: string): void {
    for (const client of [...this.clientSet]) if (shouldGo(client)) client.terminate(reason);
  }

  private async onMessage(client: BridgeClient, data: RawData): Promise<void> {
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Buffer.concat(toBuffers(data)).toString('utf8');
    const parsed = safeJsonParse(text);
    if (!parsed.ok || !isJsonObject(parsed.value) || typeof parsed.value.type !== 'string') {
      this.log.debug('bridge ignored a frame that is not an Accolades message', {
        client: client.name,
      });
      return;
    }
    const message = parsed.value;
    if (client.pairOnly || message.type === 'connector.pair') return this.onPair(client, message);
    switch (message.type) {
      case 'authRequest':
        return this.onAuthRequest(client, message.idCrm);
      case 'configuration':
        if (client.authenticated) this.sendTo(client, this.options.configuration());
        return;
      case 'subscribe':
        if (message.stream === TABS_STREAM) {
          if (acceptTabsSubscription(client, message, this.log, this.options.tabs)) this.changed();
          return;
        }
        if (client.authenticated && message.stream === CONNECTOR_STREAM && !client.subscribed) {
          client.subscribed = true;
          this.log.info(`bridge client ${client.name} subscribed to the connector stream`);
          this.sendTo(client, subscribedMessage());
          this.options.onSubscribed?.(client);
          this.changed();
        }
        return;
      case 'connector.tabTest':
        if (
          client.authenticated &&
          isExtensionOrigin(client.origin) &&
          this.options.extensions?.tabTest
        )
          this.sendTo(client, await this.options.extensions.tabTest(client));
        return;
      case 'connector.keepalive':
      case 'connector.navigateAck':
      case 'connector.navigating':
        if (client.tabs) this.options.tabs?.onFrame(client, message);
        else this.log.debug(`bridge ignored ${message.type} from ${client.name}: not a tab client`);
        return;
      default:
        // Unknown types are ignored, as Accolades' own example does, for forward compatibility.
        return;
    }
  }

  private async onAuthRequest(client: BridgeClient, idCrm: unknown): Promise<void> {
    if (client.authenticated || client.authenticating) return;
    client.authenticating = true;
    const ok =
      typeof idCrm === 'string' &&
      idCrm.length <= ID_MAX_LENGTH &&
      (await this.options.authenticate(idCrm, client.origin));
    client.authenticating = false;
    if (client.closed) return;
    if (!ok) {
      this.log.warn(`bridge client ${client.name} sent a wrong CRM ID or token`);
      this.sendTo(client, authFailedMessage());
      client.close(1008, 'authentication failed');
      return;
    }
    client.authenticated = true;
    this.log.info(`bridge client ${client.name} authenticated`);
    this.sendTo(client, authSuccessMessage(this.options.version()));
    this.changed();
  }

  /** A pair-only client gets one answer to one connector.pair, then the socket is closed. */
  private async onPair(
    client: BridgeClient,
    message: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    if (client.pairing) return;
    client.pairing = true;
    const answer =
      message.type === 'connector.pair' && this.options.extensions
        ? await this.options.extensions.pair(client, message)
        : {
            type: 'connector.pairFailed',
            reason: 'pair-only',
            message: 'Send connector.pair first.',
          };
    if (client.closed) return;
    this.sendTo(client, answer);
    client.close(1000, answer.type === 'connector.paired' ? 'paired' : 'pairing failed');
  }

  private broadcast(text: string, wants: (client: BridgeClient) => boolean): void {
    for (const client of this.clientSet) if (wants(client)) client.send(text);
  }

  private changed(): void {
    try {
      this.options.onClientsChanged?.(this.clients());
    } catch (error) {
      this.log.error('bridge client list listener failed', { error: String(error) });
    }
  }
}

/** "Edge", "Chrome", "Firefox"… from the User-Agent, for the tray line only (never trusted). */
function browserNameOf(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined) return undefined;
  if (/\bEdg\//.test(userAgent)) return 'Edge';
  if (/\bFirefox\//.test(userAgent)) return 'Firefox';
  if (/\bChrom(e|ium)\//.test(userAgent)) return 'Chrome';
  return undefined;
}

function toBuffers(data: RawData): Buffer[] {
  if (Array.isArray(data)) return data;
  return [Buffer.from(new Uint8Array(data))];
}
