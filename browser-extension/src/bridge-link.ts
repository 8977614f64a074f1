// The extension's WebSocket to the connector's event bridge on 127.0.0.1: authenticate with the
// token, subscribe to the tabs stream, hand navigate requests to the service worker, reconnect
// with backoff when the connector is away, and keep a little traffic flowing so the browser does
// not suspend the service worker while the agent waits for the next call (Chrome 116+ keeps an
// extension service worker alive while its WebSocket exchanges messages; idle ones stop at 30 s).
import {
  parseNavigate,
  TABS_STREAM,
  type ExtensionBrowser,
  type NavigateMessage,
} from '../../electron/shared/extension-protocol.js';
import { retryDelayMs } from './retry-delay.js';

/** Well under the browser's 30 s idle limit. */
export const KEEPALIVE_INTERVAL_MS = 20_000;
export type LinkState = 'off' | 'connecting' | 'connected' | 'refused';

export interface BridgeLinkOptions {
  browser: ExtensionBrowser;
  version: string;
  onNavigate: (message: NavigateMessage) => void;
  onState?: (state: LinkState, detail: string) => void;
}

export class BridgeLink {
  private socket: WebSocket | undefined;
  private target: { port: number; token: string } | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  private state: LinkState = 'off';

  constructor(private readonly options: BridgeLinkOptions) {}

  get connected(): boolean {
    return this.state === 'connected';
  }

  /** (Re)connects to this port with this token; no token = stay off. */
  configure(port: number, token: string): void {
    const same = this.target?.port === port && this.target.token === token;
    if (same && (this.socket || this.retryTimer)) return;
    this.target = token ? { port, token } : undefined;
    this.attempt = 0;
    this.drop();
    if (this.target) this.open();
    else this.setState('off', 'no token set');
  }

  /** A nudge from outside (an alarm, a browser event): reconnect now if the link is down. */
  ensure(): void {
    if (!this.target || this.socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.open();
  }

  send(message: Record<string, unknown>): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private open(): void {
    const target = this.target;
    if (!target) return;
    this.setState('connecting', `ws://127.0.0.1:${target.port}`);
    let socket: WebSocket;
    try {
      socket = new WebSocket(`ws://127.0.0.1:${target.port}`);
    } catch (error) {
      this.retryLater(String(error));
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'authRequest', idCrm: target.token }));
    socket.onmessage = (event) => this.onFrame(socket, event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.stopKeepalive();
      this.retryLater(`closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`);
    };
    // An error is always followed by close; the retry is scheduled there.
    socket.onerror = () => undefined;
  }

  private onFrame(socket: WebSocket, data: unknown): void {
    if (typeof data !== 'string' || data.length > 64 * 1024) return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const type = (message as { type?: unknown }).type;
    if (type === 'authSuccess' || type === 'authSucces') {
      socket.send(
        JSON.stringify({
          type: 'subscribe',
          stream: TABS_STREAM,
          extension: { browser: this.options.browser, version: this.options.version },
        }),
      );
    } else if (type === 'authFailed') {
      // A wrong token: keep trying slowly (the admin or pairing may fix it), say so meanwhile.
      this.setState('refused', 'the connector refused the token');
      this.attempt = Math.max(this.attempt, 6);
    } else if (type === 'connector.subscribed') {
      if ((message as { stream?: unknown }).stream !== TABS_STREAM) return;
      this.attempt = 0;
      this.setState('connected', `ws://127.0.0.1:${this.target?.port ?? '?'}`);
      this.startKeepalive();
    } else if (type === 'connector.navigate') {
      const navigate = parseNavigate(message);
      if (navigate) this.options.onNavigate(navigate);
    }
  }

  private retryLater(why: string): void {
    if (!this.target) return;
    if (this.state !== 'refused') this.setState('connecting', `retrying: ${why}`);
    const delay = retryDelayMs(this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.open();
    }, delay);
  }

  private drop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopKeepalive();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  private startKeepalive(): void {
    this.stopKeepalive();
    this.keepaliveTimer = setInterval(
      () => this.send({ type: 'connector.keepalive' }),
      KEEPALIVE_INTERVAL_MS,
    );
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
  }

  private setState(state: LinkState, detail: string): void {
    this.state = state;
    this.options.onState?.(state, detail);
  }
}
