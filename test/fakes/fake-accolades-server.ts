// A scriptable stand-in for the Accolades External CRM socket, for tests: a real `ws` server
// over real TLS on 127.0.0.1:0, with a certificate from a CA minted for this run. Each test
// decides how it answers (either success spelling, a failure reason, or silence), pushes calls
// and raw frames, drops links, and reads back what the client sent.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  createCertificateAuthority,
  type CertificateAuthority,
} from '../../electron/simulator/certificates.js';

export type AuthBehaviour =
  | { kind: 'success'; spelling?: 'authSucces' | 'authSuccess'; version?: string }
  | { kind: 'failed'; reason: string; closeAfter?: boolean }
  /** Never answer the authRequest (handshake-timeout tests). */
  | { kind: 'silent' };

export interface ReceivedMessage {
  /** 1-based number of the connection it arrived on. */
  connection: number;
  /** Parsed JSON, or the raw text when it was not JSON. */
  message: unknown;
}

export interface FakeAccoladesServerOptions {
  /** Reuse a CA (e.g. to restart a server the client already trusts); default: a new one. */
  ca?: CertificateAuthority;
  /** Listen on this port (0 = any free port; a fixed port lets tests restart the server). */
  port?: number;
  auth?: AuthBehaviour;
}

export class FakeAccoladesServer {
  /** How the next authRequest is answered; change it at any time. */
  auth: AuthBehaviour;
  /** The answer to `{type:'configuration'}`; undefined = never answer it. */
  configurationAnswer: Record<string, unknown> | undefined = {
    type: 'configuration',
    account: '{"crmBase":"https://crm.example.com"}',
    phone: 'plain text',
    agent: { team: 'sales' },
  };
  /** When false, ws pings from the client go unanswered (and the connection stays open). */
  answerPings = true;
  readonly received: ReceivedMessage[] = [];
  /** Connections accepted since start, including closed ones. */
  acceptedConnections = 0;
  /** ws pings received from clients (answered or not). */
  pingsReceived = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly ca: CertificateAuthority,
    private readonly httpsServer: https.Server,
    private readonly wss: WebSocketServer,
    auth: AuthBehaviour,
  ) {
    this.auth = auth;
    wss.on('connection', (socket) => this.accept(socket));
  }

  static async start(options: FakeAccoladesServerOptions = {}): Promise<FakeAccoladesServer> {
    const ca = options.ca ?? (await createCertificateAuthority());
    const leaf = await ca.issueServer();
    const httpsServer = https.createServer({ cert: leaf.cert, key: leaf.key });
    // autoPong off: pongs are sent by hand so a test can stop answering them.
    const wss = new WebSocketServer({ server: httpsServer, autoPong: false });
    await new Promise<void>((resolve, reject) => {
      httpsServer.once('error', reject);
      httpsServer.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return new FakeAccoladesServer(ca, httpsServer, wss, options.auth ?? { kind: 'success' });
  }

  get port(): number {
    return (this.httpsServer.address() as AddressInfo).port;
  }

  get url(): string {
    return `wss://127.0.0.1:${this.port}`;
  }

  /** The CA certificate (PEM) a client must trust. */
  get caPem(): string {
    return this.ca.cert;
  }

  /** Currently open client sockets. */
  get clients(): WebSocket[] {
    return [...this.wss.clients];
  }

  /** Send a JSON message to every open client. */
  sendJson(message: unknown): void {
    this.sendRaw(JSON.stringify(message));
  }

  /** Send a frame as given: a string as a text frame, a Buffer as text unless `binary`. */
  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    for (const client of this.clients) client.send(data, { binary: options.binary ?? false });
  }

  sendCall(direction: 'inbound' | 'outbound', phoneNumber: unknown): void {
    this.sendJson({ type: direction === 'inbound' ? 'incomingCall' : 'outgoingCall', phoneNumber });
  }

  /** Close every client politely (WebSocket close frame). */
  closeClients(code = 1000): void {
    for (const client of this.clients) client.close(code);
  }

  /** Destroy every client's TCP connection without a close frame. */
  terminateClients(): void {
    for (const client of this.clients) client.terminate();
  }

  /** Messages received whose `type` is this. */
  receivedOfType(type: string): ReceivedMessage[] {
    return this.received.filter(
      (r) =>
        typeof r.message === 'object' &&
        r.message !== null &&
        (r.message as { type?: unknown }).type === type,
    );
  }

  /** Resolves once `condition()` holds (checked on every server event); rejects after timeoutMs. */
  async waitFor(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake Accolades server: timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.httpsServer.closeAllConnections();
    await new Promise<void>((resolve) => this.httpsServer.close(() => resolve()));
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private accept(socket: WebSocket): void {
    const connection = ++this.acceptedConnections;
    socket.on('ping', (data) => {
      this.pingsReceived += 1;
      if (this.answerPings) socket.pong(data);
      this.notify();
    });
    socket.on('close', () => this.notify());
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      let message: unknown = text;
      try {
        message = JSON.parse(text);
      } catch {
        // Kept as text: a test may want to see what garbage arrived.
      }
      this.received.push({ connection, message });
      this.answer(socket, message);
      this.notify();
    });
    this.notify();
  }

  private answer(socket: WebSocket, message: unknown): void {
    const type =
      typeof message === 'object' && message !== null
        ? (message as { type?: unknown }).type
        : undefined;
    if (type === 'authRequest') {
      const auth = this.auth;
      if (auth.kind === 'success') {
        socket.send(
          JSON.stringify({
            type: auth.spelling ?? 'authSuccess',
            version: auth.version ?? '2.0.0',
          }),
        );
      } else if (auth.kind === 'failed') {
        socket.send(JSON.stringify({ type: 'authFailed', reason: auth.reason }));
        if (auth.closeAfter) socket.close(1000);
      }
    } else if (type === 'configuration' && this.configurationAnswer) {
      socket.send(JSON.stringify(this.configurationAnswer));
    }
  }
}
