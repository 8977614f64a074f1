// 1. Screen-pop latency, frame sent on loopback → opener called, our Connector against a bare
// ws client doing the minimum, in the same run, alternating blocks so drift hits both alike.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBareClient } from './bare-client.js';
import { NoopOpener, createBenchConnector, waitFor } from './bench-connector.js';
import { LoopbackServer } from './loopback-server.js';
import { percentile, round } from './stats.js';

export interface LatencyResult {
  calls: number;
  connector: { p50Ms: number; p99Ms: number };
  bare: { p50Ms: number; p99Ms: number };
  ratioP50: number;
  ratioP99: number;
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
  const dir = await mkdtemp(join(tmpdir(), 'bench-latency-'));
  const connectorOpener = new NoopOpener();
  const bareOpener = new NoopOpener();
  const connector = await createBenchConnector({
    url: ours.url,
    caPem: ours.ca.cert,
    dir,
    opener: connectorOpener,
  });
  let recorded: (() => void) | undefined;
  connector.events.on('call', () => recorded?.());
  await connector.start();
  await waitFor(() => connector.state.phase === 'connected', 'the Connector to log in');
  const bare = await startBareClient(theirs.url, theirs.ca.cert, bareOpener);

  const ourSamples: number[] = [];
  const bareSamples: number[] = [];
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
  };
  await runBlock(500, false); // warm-up (JIT, TLS session, file handles)
  while (ourSamples.length < calls)
    await runBlock(Math.min(block, calls - ourSamples.length), true);

  bare.terminate();
  await connector.stop();
  await ours.down();
  await theirs.down();
  await rm(dir, { recursive: true, force: true });
  const c = { p50Ms: round(percentile(ourSamples, 50)), p99Ms: round(percentile(ourSamples, 99)) };
  const b = {
    p50Ms: round(percentile(bareSamples, 50)),
    p99Ms: round(percentile(bareSamples, 99)),
  };
  return {
    calls,
    connector: c,
    bare: b,
    ratioP50: round(c.p50Ms / b.p50Ms, 2),
    ratioP99: round(c.p99Ms / b.p99Ms, 2),
  };
}
