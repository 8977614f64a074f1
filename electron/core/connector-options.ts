// What the Connector takes (its injected side effects and test seams), what it announces on its
// event bus and what it counts. Kept apart so the plug-ins can name the events without importing
// the class.
import type { CallNotification } from './calls.js';
import type { ConnectorConfig } from './config/schema.js';
import type { ConnectionState } from './connection-state.js';
import type {
  ConfigurationAnswer,
  DroppedFrameEvent,
  ServerErrorEvent,
} from './connection/connection-events.js';
import type { ConnectionTiming } from './connection/connection-timing.js';
import type { SocketFactory } from './connection/transport.js';
import type { CallHistory } from './history/history-entry.js';
import type { Clock, Logger, ProgramLauncher, Random, SecretStore, UrlOpener } from './ports.js';
import type { HttpTransport } from './rest/http-transport.js';
import type { CallRecord } from './screen-pop/call-record.js';
import type { ScreenPopCounters } from './screen-pop/screen-pop.js';

// A type alias so it satisfies EventBus's Record<string, unknown> bound.
export type ConnectorEvents = {
  state: ConnectionState;
  /** A call notification exactly as Accolades sent it, before any rule ran (for the bridge). */
  notification: CallNotification;
  /** What became of a notification, or of a pop-again (also appended to the history). */
  call: CallRecord;
  configuration: ConfigurationAnswer;
  droppedFrame: DroppedFrameEvent;
  serverError: ServerErrorEvent;
  paused: boolean;
  config: ConnectorConfig;
  /** Something went wrong that the user should see, in plain words (history write, CA file…). */
  problem: { source: string; message: string };
};

export interface ConnectorOptions {
  config: ConnectorConfig;
  logger: Logger;
  secrets: SecretStore;
  history: CallHistory<CallRecord>;
  clock?: Clock;
  random?: Random;
  opener?: UrlOpener;
  launcher?: ProgramLauncher;
  socketFactory?: SocketFactory;
  timing?: Partial<ConnectionTiming>;
  /** Reads `accolades.caFile`; default fs.readFile. */
  readTextFile?: (path: string) => Promise<string>;
  /** REST transport override (tests); default Node https with the CA/proxy agent. */
  restTransport?: HttpTransport;
  restTimeoutMs?: number;
  /**
   * The OS proxy for a URL when `accolades.proxy` is empty (the app passes Electron's
   * session.resolveProxy, PAC included); undefined = direct.
   */
  resolveProxy?: (url: string) => Promise<string | undefined>;
}

export interface ConnectorCounters extends ScreenPopCounters {
  droppedFrames: number;
  historyWriteFailures: number;
}
