// The options and events of AccoladesConnection, in their own file so consumers (tray, CLI,
// bridge) can import the types without the supervisor.
import type { CallNotification } from '../calls.js';
import type { ConnectionState } from '../connection-state.js';
import type { Clock, Logger, Random } from '../ports.js';
import type {
  ConfigurationValue,
  MalformedReason,
  RawMessage,
} from '../protocol/server-messages.js';
import type { ConnectionTiming } from './connection-timing.js';
import type { ReadinessProbe } from './readiness-probe.js';
import type { SocketFactory } from './transport.js';

export interface AccoladesConnectionOptions {
  url: string;
  crmId: string;
  /** Extra CA bundle (PEM text, already read from the admin's file). */
  caPem?: string;
  proxy?: string;
  clock: Clock;
  random: Random;
  logger: Logger;
  socketFactory?: SocketFactory;
  /**
   * Checks whether the server is back while a transient backoff delay runs (default: a bare
   * TCP connect to the URL's host and port; `false` turns checking off). Not used behind a
   * proxy: a TCP connect to the proxy says nothing about the Accolades server.
   */
  readinessProbe?: ReadinessProbe | false;
  timing?: Partial<ConnectionTiming>;
}

export interface ConfigurationAnswer {
  account: ConfigurationValue;
  phone: ConfigurationValue;
  agent: ConfigurationValue;
  message: RawMessage;
  receivedAt: number;
}

export interface DroppedFrameEvent {
  kind: MalformedReason;
  reason: string;
  /** Frames dropped since this supervisor was created. */
  total: number;
}

export interface ServerErrorEvent {
  message: RawMessage;
  receivedAt: number;
}

// A type alias (not an interface) so it satisfies EventBus's Record<string, unknown> bound.
export type AccoladesConnectionEvents = {
  state: ConnectionState;
  call: CallNotification;
  configuration: ConfigurationAnswer;
  droppedFrame: DroppedFrameEvent;
  serverError: ServerErrorEvent;
};
