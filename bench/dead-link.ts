// 3. Dead-link detection with the production heartbeat (ping every 15 s, dead after 10 s more
// without a frame), on real sockets and the real clock: links go half-open at different points
// of the ping cycle; we time blackhole → the supervisor leaves `connected`.
import { performance } from 'node:perf_hooks';
import { AccoladesConnection } from '../electron/core/connection/accolades-connection.js';
import { systemClock } from '../electron/core/system-clock.js';
import { BlackholeProxy } from './blackhole-proxy.js';
import { discardingLogger, waitFor } from './bench-connector.js';
import { LoopbackServer } from './loopback-server.js';
import { round } from './stats.js';

export interface DeadLinkResult {
  /** Seconds after login at which each link went half-open. */
  offsetsSeconds: number[];
  detectedAfterSeconds: number[];
  maxSeconds: number;
}

export async function benchDeadLink(offsetsSeconds = [0, 5, 10, 14]): Promise<DeadLinkResult> {
  const server = await LoopbackServer.start();
  const proxy = await BlackholeProxy.start(server.port);
  const connections: AccoladesConnection[] = [];
  try {
    const runs = offsetsSeconds.map(async (offset, index) => {
      // Stagger the logins a little so each link is the proxy's connection `index`.
      await new Promise((resolve) => setTimeout(resolve, index * 300));
      const connection = new AccoladesConnection({
        url: `wss://127.0.0.1:${proxy.port}`,
        crmId: `bench-${index}`,
        caPem: server.ca.cert,
        clock: systemClock,
        random: Math.random,
        logger: discardingLogger(),
      });
      connections.push(connection);
      const link = proxy.count;
      connection.start();
      await waitFor(() => connection.state.phase === 'connected', 'login');
      await new Promise((resolve) => setTimeout(resolve, offset * 1_000));
      proxy.blackhole(link);
      const start = performance.now();
      await waitFor(() => connection.state.phase !== 'connected', 'detection', 90_000);
      return (performance.now() - start) / 1_000;
    });
    const detected = await Promise.all(runs);
    return {
      offsetsSeconds,
      detectedAfterSeconds: detected.map((s) => round(s, 2)),
      maxSeconds: round(Math.max(...detected), 2),
    };
  } finally {
    connections.forEach((c) => c.stop());
    await proxy.close();
    await server.down();
  }
}
