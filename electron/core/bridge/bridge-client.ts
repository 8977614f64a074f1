// One connected bridge client. Sending never waits: a frame is handed to the socket and, if the
// client has stopped reading and too much is already waiting for it, the client is cut off so
// its backlog can never grow without bound or slow down anyone else.
import type { WebSocket } from 'ws';
import type { Logger } from '../ports.js';

/** What the tray shows about a client. */
export interface BridgeClientInfo {
  id: number;
  /** "https://crm.example.com (port 51234)" or "local program (port 51234)". */
  name: string;
  /** The browser page's Origin, or undefined for a local program. */
  origin: string | undefined;
  remotePort: number | undefined;
  connectedAt: number;
  authenticated: boolean;
  /** Also receives the connector.* stream. */
  subscribed: boolean;
  /** Browser family from the User-Agent (extensions; display only). */
  browserName?: string;
  /** A browser companion extension that navigates the CRM tab (subscribed to `tabs`). */
  tabs: boolean;
  /** What the extension said it is, when it subscribed to `tabs`. */
  extension?: { browser: string; version: string };
}

export class BridgeClient {
  authenticated = false;
  subscribed = false;
  /** Subscribed to the tabs stream (a browser companion extension). */
  tabs = false;
  extension: { browser: string; version: string } | undefined;
  closed = false;
  /** Set while an authRequest is being checked, so a second one cannot race it. */
  authenticating = false;
  /** An unpaired extension admitted only to send connector.pair (extension-pairing.ts). */
  pairOnly = false;
  /** Set once a connector.pair frame is being answered: one try per connection. */
  pairing = false;
  browserName: string | undefined;

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
    readonly origin: string | undefined,
    readonly remotePort: number | undefined,
    readonly connectedAt: number,
    private readonly maxBufferedBytes: number,
    private readonly log: Logger,
  ) {}

  get name(): string {
    const who = this.origin ?? 'local program';
    return this.remotePort === undefined ? who : `${who} (port ${this.remotePort})`;
  }

  info(): BridgeClientInfo {
    return {
      id: this.id,
      name: this.name,
      origin: this.origin,
      remotePort: this.remotePort,
      connectedAt: this.connectedAt,
      authenticated: this.authenticated,
      subscribed: this.subscribed,
      ...(this.browserName === undefined ? {} : { browserName: this.browserName }),
      tabs: this.tabs,
      ...(this.extension === undefined ? {} : { extension: { ...this.extension } }),
    };
  }

  /** Queues one JSON text frame; returns false when the client is gone or was cut off. */
  send(text: string): boolean {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return false;
    if (this.socket.bufferedAmount + text.length > this.maxBufferedBytes) {
      this.terminate(
        `it is not reading its messages (${this.socket.bufferedAmount} bytes waiting, limit ${this.maxBufferedBytes})`,
      );
      return false;
    }
    this.socket.send(text, (error) => {
      if (error && !this.closed)
        this.log.debug('bridge send failed', { client: this.name, error: error.message });
    });
    return true;
  }

  /** Ends the connection at once (no close handshake) and says why in the log. */
  terminate(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log.warn(`bridge client ${this.name} disconnected: ${reason}`);
    this.socket.terminate();
  }

  /** A polite close after the last queued frame (e.g. after authFailed). */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log.info(`bridge client ${this.name} closed: ${reason}`);
    this.socket.close(code, reason.slice(0, 120));
  }
}
