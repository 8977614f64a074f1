// 2. Recovery: the server goes away for D seconds and comes back; how long from its return until
// the connector is authenticated again. The real supervisor with the production timing and
// Math.random runs on a virtual clock (so 200 runs do not take hours); every connection attempt
// is a real TCP+TLS+WebSocket attempt on loopback, and its real duration is added.
import { performance } from 'node:perf_hooks';
import { AccoladesConnection } from '../electron/core/connection/accolades-connection.js';
import {
  tcpConnectProbe,
  type ReadinessProbe,
} from '../electron/core/connection/readiness-probe.js';
import { discardingLogger, waitFor } from './bench-connector.js';
import { LoopbackServer } from './loopback-server.js';
import { percentile, round } from './stats.js';
import { VirtualClock } from './virtual-clock.js';

export interface RecoveryRow {
  dropSeconds: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Readiness checks (TCP connects) per run, on average, while the server was away. */
  checksPerRun: number;
}

/** Readiness checks still waiting for their real TCP answer. */
let checksInFlight = 0;
/** Checks made, in all runs (the production TCP check, counted). */
export const recoveryChecks = { total: 0 };
const countedProbe: ReadinessProbe = async (target) => {
  checksInFlight += 1;
  recoveryChecks.total += 1;
  try {
    return await tcpConnectProbe(target);
  } finally {
    checksInFlight -= 1;
  }
};

const settled = (c: AccoladesConnection): boolean =>
  checksInFlight === 0 && c.state.phase !== 'connecting' && c.state.phase !== 'authenticating';

async function oneRun(server: LoopbackServer, dropMs: number): Promise<number> {
  const clock = new VirtualClock();
  const connection = new AccoladesConnection({
    url: server.url,
    crmId: 'bench-agent',
    caPem: server.ca.cert,
    clock,
    random: Math.random,
    logger: discardingLogger(),
    // The production check (a real TCP connect), counted so the virtual clock waits for it.
    readinessProbe: countedProbe,
  });
  try {
    connection.start();
    await waitFor(() => connection.state.phase === 'connected', 'the first login');
    // Connected and stable (5 s), as an agent's link is before the server restarts.
    clock.advanceTo(clock.monotonicMs() + 5_000);
    await server.down();
    await waitFor(() => connection.state.phase === 'backing-off', 'the drop to be noticed');
    const backAt = clock.monotonicMs() + dropMs;
    // While the server is away: every retry due before its return fails for real.
    for (;;) {
      const next = clock.nextDue();
      if (next === undefined || next >= backAt) break;
      clock.advanceTo(next);
      await waitFor(() => settled(connection), 'a failed attempt');
    }
    await server.up();
    clock.advanceTo(backAt);
    const realStart = performance.now();
    while (connection.state.phase !== 'connected') {
      const next = clock.nextDue();
      if (next !== undefined && settled(connection)) clock.advanceTo(next);
      await waitFor(() => settled(connection), 'the attempt after the return');
    }
    return clock.monotonicMs() - backAt + (performance.now() - realStart);
  } finally {
    connection.stop();
  }
}

export async function benchRecovery(
  dropsSeconds = [1, 3, 5, 10, 20],
  runsEach = 40,
): Promise<RecoveryRow[]> {
  const server = await LoopbackServer.start();
  const rows: RecoveryRow[] = [];
  try {
    for (const drop of dropsSeconds) {
      const samples: number[] = [];
      const checksBefore = recoveryChecks.total;
      for (let run = 0; run < runsEach; run++) samples.push(await oneRun(server, drop * 1_000));
      rows.push({
        dropSeconds: drop,
        runs: runsEach,
        p50Ms: round(percentile(samples, 50), 0),
        p95Ms: round(percentile(samples, 95), 0),
        maxMs: round(Math.max(...samples), 0),
        checksPerRun: round((recoveryChecks.total - checksBefore) / runsEach, 1),
      });
    }
  } finally {
    await server.down();
  }
  return rows;
}
