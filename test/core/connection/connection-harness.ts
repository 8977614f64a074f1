// Wiring for supervisor tests: a real AccoladesConnection on a FakeClock with seeded random,
// a MemoryLogger, and the production socket factory wrapped so tests can see each socket.
import type WebSocket from 'ws';
import {
  AccoladesConnection,
  type AccoladesConnectionEvents,
  type AccoladesConnectionOptions,
} from '../../../electron/core/connection/accolades-connection.js';
import {
  createAccoladesSocket,
  type SocketFactory,
} from '../../../electron/core/connection/transport.js';
import type { ConnectionPhase, ConnectionState } from '../../../electron/core/connection-state.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';
import { seededRandom } from './seeded-random.js';
import { loadProxyAgent } from '../../../electron/core/net/proxy-agent.js';

// The Connector loads the proxy agent while it looks up the route; these tests start the
// connection without a Connector, so they load it here (some connect through a proxy).
await loadProxyAgent();

export interface Harness {
  connection: AccoladesConnection;
  clock: FakeClock;
  logger: MemoryLogger;
  sockets: WebSocket[];
  states: ConnectionState[];
  events: { [K in keyof AccoladesConnectionEvents]: AccoladesConnectionEvents[K][] };
  /** Resolves when the connection is in `phase` (now or later); rejects after timeoutMs. */
  waitForPhase(phase: ConnectionPhase, timeoutMs?: number): Promise<ConnectionState>;
  /** Resolves when `condition()` holds, checked after every event; rejects after timeoutMs. */
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
}

export function createHarness(
  options: Partial<AccoladesConnectionOptions> & { url: string },
): Harness {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const sockets: WebSocket[] = [];
  const factory: SocketFactory = (url, transport) => {
    const socket = createAccoladesSocket(url, transport);
    sockets.push(socket);
    return socket;
  };
  const connection = new AccoladesConnection({
    crmId: 'f8cb549544',
    clock,
    random: seededRandom(2026),
    logger,
    socketFactory: factory,
    ...options,
  });
  const events: Harness['events'] = {
    state: [],
    call: [],
    configuration: [],
    droppedFrame: [],
    serverError: [],
  };
  const checks = new Set<() => void>();
  const record = <K extends keyof AccoladesConnectionEvents>(name: K): void => {
    connection.on(name, (payload) => {
      events[name].push(payload);
      for (const check of [...checks]) check();
    });
  };
  (Object.keys(events) as (keyof AccoladesConnectionEvents)[]).forEach(record);

  const waitFor = (condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (condition()) return resolve();
      const check = (): void => {
        if (!condition()) return;
        checks.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        checks.delete(check);
        reject(
          new Error(`timed out waiting for ${what}; state: ${JSON.stringify(connection.state)}`),
        );
      }, timeoutMs);
      checks.add(check);
    });

  return {
    connection,
    clock,
    logger,
    sockets,
    states: events.state,
    events,
    waitFor,
    async waitForPhase(phase, timeoutMs) {
      await waitFor(() => connection.state.phase === phase, `phase ${phase}`, timeoutMs);
      return connection.state;
    },
  };
}

/** Delay (ms) until the scheduled next attempt of a state. */
export function retryDelayOf(state: ConnectionState, clock: FakeClock): number {
  return (state.nextAttemptAt ?? Number.NaN) - clock.nowMs();
}
