// 1. Screen-pop latency, frame sent on loopback → opener called, our Connector against a bare
// ws client doing the minimum, in the same run, alternating blocks so drift hits both alike.
// A third client, the Connector with a history that keeps nothing, is a diagnostic: the
// history file is written after the pop started, yet its writes (several file system calls
// and two JSON passes per call) leave the process busier and colder for the next frame.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBareClient } from './bare-client.js';
import { NoopOpener, createBenchConnector, discardingHistory, waitFor } from './bench-connector.js';
import { LoopbackServer } from './loopback-server.js';
import { percentile, round } from './stats.js';

export interface LatencyResult {
  calls: number;
  connector: { p50Ms: number; p99Ms: number };
  bare: { p50Ms: number; p99Ms: number };
  ratioP50: number;
  ratioP99: number;
  /** Diagnostic: the Connector with a history that keeps nothing. */
  connectorNoHistory: { p50Ms: number; p99Ms: number };
  ratioNoHistoryP50: number;
  ratioNoHistoryP99: number;
}

/** Sends one call and resolves with frame-sent → action-started in ms. */
function oneCall(server: LoopbackServer, opener: NoopOpener, number: string): Promise<number> {
  return new Promise((resolve) => {
    const sent = performance.now();
    opener.onOpen = (at) => {
      opener.onOpen = undefined;
      resolve(at - sent);
    };
    server.sendCall(number);
  });
}

export async function benchLatency(calls = 10_000, block = 1_000): Promise<LatencyResult> {
  // Two servers so each client gets only its own frames.
  const ours = await LoopbackServer.start();
  const theirs = await LoopbackServer.start();
  const lean = await LoopbackServer.start();
  const dir = await mkdtemp(join(tmpdir(), 'bench-latency-'));
  const connectorOpener = new NoopOpener();
  const bareOpener = new NoopOpener();
  const connector = await createBenchConnector({
    url: ours.url,
    caPem: ours.ca.cert,
    dir,
    opener: connectorOpener,
  });
  const leanOpener = new NoopOpener();
  const leanConnector = await createBenchConnector({
    url: lean.url,
    caPem: lean.ca.cert,
    // Its own directory: each Connector reads its server's CA from `dir`/ca.pem.
    dir: await mkdtemp(join(dir, 'lean-')),
    opener: leanOpener,
    history: discardingHistory(),
  });
  let recorded: (() => void) | undefined;
  connector.events.on('call', () => recorded?.());
  leanConnector.events.on('call', () => recorded?.());
  await connector.start();
  await leanConnector.start();
  await waitFor(() => connector.state.phase === 'connected', 'the Connector to log in');
  await waitFor(() => leanConnector.state.phase === 'connected', 'the lean Connector to log in');
  const bare = await startBareClient(theirs.url, theirs.ca.cert, bareOpener);

  const ourSamples: number[] = [];
  const bareSamples: number[] = [];
  const leanSamples: number[] = [];
  let n = 0;
  const number = (): string => `07${String(20_000_000 + (n++ % 70_000_000)).padStart(8, '0')}`;
  const runBlock = async (size: number, keep: boolean): Promise<void> => {
    for (let i = 0; i < size; i++) {
      // Let the Connector finish the record (history) before the next frame, like a real call.
      const record = new Promise<void>((resolve) => (recorded = resolve));
      const ms = await oneCall(ours, connectorOpener, number());
      await record;
      if (keep) ourSamples.push(ms);
    }
    for (let i = 0; i < size; i++) {
      const ms = await oneCall(theirs, bareOpener, number());
      if (keep) bareSamples.push(ms);
    }
    for (let i = 0; i < size; i++) {
      const record = new Promise<void>((resolve) => (recorded = resolve));
      const ms = await oneCall(lean, leanOpener, number());
      await record;
      if (keep) leanSamples.push(ms);
    }
  };
  await runBlock(500, false); // warm-up (JIT, TLS session, file handles)
  while (ourSamples.length < calls)
    await runBlock(Math.min(block, calls - ourSamples.length), true);

  bare.terminate();
  await connector.stop();
  await leanConnector.stop();
  await lean.down();
  await ours.down();
  await theirs.down();
  await rm(dir, { recursive: true, force: true });
  const c = { p50Ms: round(percentile(ourSamples, 50)), p99Ms: round(percentile(ourSamples, 99)) };
  const b = {
    p50Ms: round(percentile(bareSamples, 50)),
    p99Ms: round(percentile(bareSamples, 99)),
  };
  const l = {
    p50Ms: round(percentile(leanSamples, 50)),
    p99Ms: round(percentile(leanSamples, 99)),
  };
  return {
    calls,
    connector: c,
    bare: b,
    ratioP50: round(c.p50Ms / b.p50Ms, 2),
    ratioP99: round(c.p99Ms / b.p99Ms, 2),
    connectorNoHistory: l,
    ratioNoHistoryP50: round(l.p50Ms / b.p50Ms, 2),
    ratioNoHistoryP99: round(l.p99Ms / b.p99Ms, 2),
  };
}
