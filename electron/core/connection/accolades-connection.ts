// The connection supervisor: keeps one authenticated link to the Accolades External CRM socket
// alive all day, and says in plain words what is wrong when it cannot.
// Over 300 lines on purpose: it is one state machine (connect, authenticate, heartbeat, backoff,
// sleep), and its transitions are only safe to change when read together.
import type WebSocket from 'ws';
import type { ConnectionPhase, ConnectionState } from '../connection-state.js';
import { EventBus, type Unsubscribe } from '../events.js';
import type { Logger, TimerHandle } from '../ports.js';
import { encodeAuthRequest, encodeConfigurationRequest } from '../protocol/client-messages.js';
import { parseServerFrame } from '../protocol/parse-server-frame.js';
import type { MalformedReason, ServerMessage } from '../protocol/server-messages.js';
import { authFailurePhase, authRetryDelay } from './auth-retry-pace.js';
import type { AccoladesConnectionEvents, AccoladesConnectionOptions } from './connection-events.js';
import { fullJitterDelay } from './backoff.js';
import { DEFAULT_CONNECTION_TIMING, type ConnectionTiming } from './connection-timing.js';
import { Heartbeat } from './heartbeat.js';
import { probeTargetOf, tcpConnectProbe } from './readiness-probe.js';
import { ReadinessWatch } from './readiness-watch.js';
import { SleepDetector } from './sleep-detector.js';
import {
  classifyTransportError,
  endpointOf,
  type LinkFailure,
  type LinkFailureKind,
} from './link-failure.js';
import { englishStatusLine, statusLineFor } from './status-lines.js';
import {
  checkServerUrl,
  createAccoladesSocket,
  describeTransportError,
  TransportError,
} from './transport.js';

export type * from './connection-events.js';

type SessionTimer = 'handshake' | 'stable' | 'retry';

export class AccoladesConnection {
  private readonly timing: ConnectionTiming;
  private readonly log: Logger;
  /** Every event of this link; `on()` below is a shortcut. */
  readonly events: EventBus<AccoladesConnectionEvents>;
  private readonly sleepDetector: SleepDetector;
  private readonly heartbeat: Heartbeat;
  private current: ConnectionState = {
    phase: 'stopped',
    statusLine: statusLineFor('stopped'),
    attempt: 0,
  };
  private running = false;
  /** The settings themselves are unusable (no CRM ID, refused URL): nothing to retry. */
  private misconfigured = false;
  private socket: WebSocket | undefined;
  /** Sockets we asked to close politely; stop() terminates any still lingering. */
  private readonly closing = new Set<WebSocket>();
  private readonly timers = new Map<SessionTimer, TimerHandle>();
  private failures = 0;
  private authFailures = 0;
  private lastAuthReason: string | undefined;
  private dropped = 0;
  /** Checks whether the server is back while a transient backoff delay runs. */
  private readonly readiness: ReadinessWatch;
  /** The current attempt was started early by a readiness check. */
  private earlyAttempt = false;
  /** The current socket got as far as an authenticated session (a drop is then "lost"). */
  private linkWasUp = false;
  /** `host:port` named in the status line when the server cannot be reached. */
  private readonly endpoint: string;

  constructor(private readonly options: AccoladesConnectionOptions) {
    this.timing = { ...DEFAULT_CONNECTION_TIMING, ...options.timing };
    this.endpoint = endpointOf(options.url);
    this.log = options.logger.child('accolades-connection');
    this.events = new EventBus((event, error) =>
      this.log.error('a connection event listener failed', { event, error: String(error) }),
    );
    this.heartbeat = new Heartbeat(
      options.clock,
      this.timing,
      () => {
        try {
          this.socket?.ping();
        } catch (error) {
          this.log.debug('ping failed', { error: String(error) });
        }
      },
      () => {
        this.log.warn('no answer to a ping: the link is dead (half-open?)');
        this.linkLost(`no answer to a ping within ${this.timing.pongTimeoutMs / 1000} s`, 'silent');
      },
    );
    const target = options.proxy ? undefined : probeTargetOf(options.url);
    const check = options.readinessProbe ?? tcpConnectProbe;
    this.readiness = new ReadinessWatch(
      options.clock,
      options.random,
      this.timing,
      this.log,
      target && check ? { check, ...target } : undefined,
    );
    this.sleepDetector = new SleepDetector(options.clock, this.timing, (lateByMs) => {
      this.log.warn('a timer fired far too late: the machine probably slept; reconnecting', {
        lateByMs,
      });
      this.reconnectNow('woke up from sleep');
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Frames dropped as malformed (binary, invalid UTF-8, oversize, not JSON, bad fields). */
  get droppedFrames(): number {
    return this.dropped;
  }

  on<K extends keyof AccoladesConnectionEvents>(
    name: K,
    fn: (payload: AccoladesConnectionEvents[K]) => void,
  ): Unsubscribe {
    return this.events.on(name, fn);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.options.crmId.trim() === '') {
      this.refuseConfiguration('No Accolades CRM ID is configured.');
      return;
    }
    try {
      checkServerUrl(this.options.url);
    } catch (error) {
      this.refuseConfiguration((error as Error).message);
      return;
    }
    this.sleepDetector.start();
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.misconfigured = false;
    this.sleepDetector.stop();
    this.clearTimers();
    this.dropSocket('terminate');
    for (const socket of this.closing) socket.terminate();
    this.closing.clear();
    if (this.current.phase !== 'stopped') this.setState('stopped');
  }

  /** Drop whatever is happening and connect at once (resume, network online, user action). */
  reconnectNow(reason: string): void {
    if (!this.running || this.misconfigured) return;
    this.log.info('reconnecting now', { reason });
    this.clearTimers();
    this.dropSocket('terminate');
    this.failures = 0;
    this.authFailures = 0;
    this.earlyAttempt = false;
    this.connect();
  }

  private connect(): void {
    this.clearTimers();
    this.linkWasUp = false;
    this.setState('connecting');
    const viaProxy = Boolean(this.options.proxy);
    let socket: WebSocket;
    try {
      socket = (this.options.socketFactory ?? createAccoladesSocket)(this.options.url, {
        caPem: this.options.caPem,
        proxy: this.options.proxy,
        handshakeTimeoutMs: this.timing.handshakeTimeoutMs,
      });
    } catch (error) {
      if (error instanceof TransportError) this.refuseConfiguration(error.message);
      else this.linkLost(`could not open a connection: ${String(error)}`, 'unreachable');
      return;
    }
    this.socket = socket;
    this.arm('handshake', this.timing.handshakeTimeoutMs, () =>
      this.linkLost(
        `no answer from the server within ${this.timing.handshakeTimeoutMs / 1000} s`,
        'timeout',
      ),
    );
    let lastError: unknown;
    socket.on('open', () => {
      if (socket !== this.socket) return;
      this.setState('authenticating');
      this.send(encodeAuthRequest(this.options.crmId));
    });
    socket.on('message', (data, isBinary) => {
      if (socket !== this.socket) return;
      this.heartbeat.sawActivity();
      this.handle(parseServerFrame(data, isBinary));
    });
    socket.on('pong', () => socket === this.socket && this.heartbeat.sawActivity());
    socket.on('ping', () => socket === this.socket && this.heartbeat.sawActivity());
    socket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        this.countDropped('oversize', error.message);
      lastError = error;
    });
    socket.on('close', (code: number) => {
      this.closing.delete(socket);
      if (socket !== this.socket) return;
      const described =
        lastError === undefined ? undefined : describeTransportError(lastError, viaProxy);
      if (described?.proxyAuthFailed) {
        this.dropSocket('terminate');
        this.scheduleSlowRetry('needs-configuration', 'PROXY_AUTH', described.detail);
        return;
      }
      const wasUp = this.linkWasUp;
      if (described) this.linkLost(described.detail, classifyTransportError(lastError, wasUp));
      else
        this.linkLost(
          `the server closed the connection (code ${code})`,
          wasUp ? 'lost' : 'unreachable',
        );
    });
  }

  private handle(message: ServerMessage): void {
    const { clock } = this.options;
    switch (message.kind) {
      case 'malformed':
        this.countDropped(message.reason, message.detail);
        return;
      case 'auth-success':
        if (this.current.phase !== 'authenticating') return;
        this.clearTimer('handshake');
        this.authFailures = 0;
        this.earlyAttempt = false;
        this.lastAuthReason = undefined;
        this.linkWasUp = true;
        this.setState('connected', { serverVersion: message.version });
        this.send(encodeConfigurationRequest());
        this.heartbeat.start();
        this.arm('stable', this.timing.stableAfterMs, () => {
          this.failures = 0;
          this.setState('connected', { serverVersion: message.version });
        });
        return;
      case 'auth-failed': {
        this.log.warn('Accolades refused the CRM ID', { reason: message.reason });
        this.dropSocket('close');
        const phase = authFailurePhase(message.reason);
        this.scheduleSlowRetry(
          phase,
          message.reason,
          shorten(message.reason) || '(no reason given)',
        );
        return;
      }
      case 'configuration':
        this.events.emit('configuration', {
          account: message.account,
          phone: message.phone,
          agent: message.agent,
          message: message.message,
          receivedAt: clock.nowMs(),
        });
        return;
      case 'call':
        this.events.emit('call', {
          direction: message.direction,
          rawNumber: message.phoneNumber,
          receivedAt: clock.nowMs(),
          receivedMono: clock.monotonicMs(),
          message: message.message,
        });
        return;
      case 'connection-closed':
        this.log.info('the server ended the session (connectionClosed)');
        this.dropSocket('close');
        this.linkLost('the server ended the session', 'lost');
        return;
      case 'error':
        this.log.warn('the server sent an error message', { message: message.message });
        this.events.emit('serverError', { message: message.message, receivedAt: clock.nowMs() });
        return;
      case 'unknown':
        this.log.debug('ignoring a message of unknown type', { type: message.type });
        return;
    }
  }

  private refuseConfiguration(detail: string): void {
    this.misconfigured = true;
    this.log.error('the connector cannot connect with these settings', { detail });
    this.sleepDetector.stop();
    this.clearTimers();
    this.setState('needs-configuration', { detail });
  }

  /** A transient failure: back off with full jitter and try again. */
  private linkLost(detail: string, kind: LinkFailureKind): void {
    this.clearTimers();
    this.dropSocket('terminate');
    if (!this.running) return;
    // An early attempt that failed anyway (the port accepts but the server is not ready yet)
    // waits out its next delay in full: checks can never turn the backoff into a fast loop.
    const mayProbe = !this.earlyAttempt;
    this.earlyAttempt = false;
    const delay = fullJitterDelay(this.failures, this.options.random, {
      baseMs: this.timing.backoffBaseMs,
      capMs: this.timing.backoffCapMs,
    });
    this.failures += 1;
    const failure: LinkFailure = { kind, endpoint: this.endpoint, cause: shorten(detail) };
    this.log.info(
      kind === 'lost' || kind === 'silent'
        ? 'connection lost; retrying'
        : 'cannot reach the server; retrying',
      {
        detail,
        kind,
        delayMs: delay,
        attempt: this.failures,
      },
    );
    this.setBackingOff(failure, delay);
    this.arm('retry', delay, () => this.connect());
    if (mayProbe) {
      this.readiness.start(this.options.clock.monotonicMs() + delay, (early) =>
        this.reconnectEarly(early),
      );
    }
  }

  /** The server accepts connections again: the next attempt comes after `delay` ms. */
  private reconnectEarly(delay: number): void {
    const failure = this.current.failure;
    if (!this.running || this.current.phase !== 'backing-off' || !failure) return;
    this.setBackingOff(failure, delay);
    this.arm('retry', delay, () => {
      this.earlyAttempt = true;
      this.connect();
    });
  }

  /** A refusal that will not fix itself in seconds: retry at the reason's slow pace. */
  private scheduleSlowRetry(phase: ConnectionPhase, reason: string, detail: string): void {
    this.clearTimers();
    if (!this.running) return;
    this.earlyAttempt = false;
    if (reason !== this.lastAuthReason) this.authFailures = 0;
    this.lastAuthReason = reason;
    const delay = authRetryDelay(reason, this.authFailures, this.options.random);
    this.authFailures += 1;
    this.failures += 1;
    this.log.warn('retrying slowly', { phase, detail, delayMs: delay });
    this.setState(phase, { detail, nextAttemptAt: this.options.clock.nowMs() + delay });
    this.arm('retry', delay, () => this.connect());
  }

  private countDropped(kind: MalformedReason, reason: string): void {
    this.dropped += 1;
    this.log.warn('dropped a malformed frame', { kind, reason, total: this.dropped });
    this.events.emit('droppedFrame', { kind, reason, total: this.dropped });
  }

  private send(text: string): void {
    const socket = this.socket;
    if (socket && socket.readyState === socket.OPEN) socket.send(text);
  }

  private dropSocket(how: 'close' | 'terminate'): void {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    if (how === 'close' && socket.readyState === socket.OPEN) {
      this.closing.add(socket);
      socket.close(1000);
    } else {
      socket.terminate();
    }
  }

  private arm(name: SessionTimer, ms: number, fn: () => void): void {
    this.clearTimer(name);
    const handle = this.options.clock.setTimeout(() => {
      this.timers.delete(name);
      fn();
    }, ms);
    handle.unref?.();
    this.timers.set(name, handle);
  }

  private clearTimer(name: SessionTimer): void {
    const handle = this.timers.get(name);
    if (handle) this.options.clock.clearTimeout(handle);
    this.timers.delete(name);
  }

  private clearTimers(): void {
    this.readiness.stop();
    this.heartbeat.stop();
    for (const name of [...this.timers.keys()]) this.clearTimer(name);
  }

  private setBackingOff(failure: LinkFailure, delayMs: number): void {
    this.setState('backing-off', {
      detail: failure.cause,
      failure,
      retryInMs: delayMs,
      nextAttemptAt: this.options.clock.nowMs() + delayMs,
    });
  }

  private setState(phase: ConnectionPhase, extra: Partial<ConnectionState> = {}): void {
    const statusLine = englishStatusLine({ phase, ...extra });
    this.current = { phase, statusLine, attempt: this.failures, ...extra };
    this.events.emit('state', this.current);
  }
}

/** The server's text is shown verbatim, but a hostile server must not fill the tray with it. */
function shorten(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
