// The headless connector alone in its own process for the memory bench (run with --expose-gc):
// it logs in, handles whatever calls come, and answers the parent's requests over IPC.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoopOpener, createBenchConnector, waitFor } from './bench-connector.js';

type Request = { kind: 'measure' } | { kind: 'wait'; calls: number } | { kind: 'exit' };

async function settle(): Promise<{
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external };
}

async function main(): Promise<void> {
  const url = process.env.BENCH_URL!;
  const caPem = process.env.BENCH_CA!;
  const dir = await mkdtemp(join(tmpdir(), 'bench-memory-'));
  const connector = await createBenchConnector({ url, caPem, dir, opener: new NoopOpener() });
  let handled = 0;
  connector.events.on('call', () => (handled += 1));
  await connector.start();
  await waitFor(() => connector.state.phase === 'connected', 'login');
  const send = (message: unknown): void => void process.send!(message);
  send({ kind: 'ready', gc: typeof (globalThis as { gc?: unknown }).gc === 'function' });
  process.on('message', (request: Request) => {
    void (async () => {
      if (request.kind === 'measure') send({ kind: 'memory', ...(await settle()), handled });
      else if (request.kind === 'wait') {
        await waitFor(() => handled >= request.calls, `${request.calls} calls`, 300_000);
        await connector.idle();
        send({ kind: 'handled', handled, counters: connector.counters() });
      } else {
        await connector.stop();
        await rm(dir, { recursive: true, force: true });
        process.exit(0);
      }
    })();
  });
}

void main();
