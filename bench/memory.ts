// 4. Memory of the headless connector: RSS when idle (logged in, no call yet), then after 10,000
// and 100,000 calls, each after forced GC. The connector runs in its own process so the bench's
// server does not count; calls go in batches the connector acknowledges (no unbounded backlog).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LoopbackServer } from './loopback-server.js';
import { round } from './stats.js';

export interface MemoryResult {
  gcExposed: boolean;
  idleRssMb: number;
  after10kRssMb: number;
  after100kRssMb: number;
  growthIdleTo100kPercent: number;
  growth10kTo100kPercent: number;
  heapUsedMb: { idle: number; after10k: number; after100k: number };
}

function ask<T>(child: ChildProcess, request: unknown, kind: string): Promise<T> {
  return new Promise((resolve) => {
    const listen = (message: { kind: string }): void => {
      if (message.kind !== kind) return;
      child.off('message', listen);
      resolve(message as T);
    };
    child.on('message', listen);
    if (request !== undefined) child.send(request as object);
  });
}

const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

export async function benchMemory(total = 100_000, batch = 500): Promise<MemoryResult> {
  const server = await LoopbackServer.start();
  const child = fork(fileURLToPath(new URL('./memory-child.js', import.meta.url)), [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, BENCH_URL: server.url, BENCH_CA: server.ca.cert },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await ask<{ gc: boolean }>(child, undefined, 'ready');
    type Memory = { rss: number; heapUsed: number };
    const idle = await ask<Memory>(child, { kind: 'measure' }, 'memory');
    let sent = 0;
    let at10k: Memory | undefined;
    while (sent < total) {
      for (let i = 0; i < batch; i++, sent++)
        server.sendCall(`07${String(10_000_000 + sent).padStart(8, '0')}`);
      await ask(child, { kind: 'wait', calls: sent }, 'handled');
      if (sent === 10_000) at10k = await ask<Memory>(child, { kind: 'measure' }, 'memory');
    }
    const end = await ask<Memory>(child, { kind: 'measure' }, 'memory');
    child.send({ kind: 'exit' });
    return {
      gcExposed: ready.gc,
      idleRssMb: mb(idle.rss),
      after10kRssMb: mb(at10k!.rss),
      after100kRssMb: mb(end.rss),
      growthIdleTo100kPercent: round(((end.rss - idle.rss) / idle.rss) * 100, 1),
      growth10kTo100kPercent: round(((end.rss - at10k!.rss) / at10k!.rss) * 100, 1),
      heapUsedMb: {
        idle: mb(idle.heapUsed),
        after10k: mb(at10k!.heapUsed),
        after100k: mb(end.heapUsed),
      },
    };
  } finally {
    if (child.exitCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        setTimeout(() => child.kill(), 10_000).unref();
      });
    }
    await server.down();
  }
}
