// 4. Memory of the headless connector, each figure after forced GC: RSS when idle (logged in,
// no call yet); warmed up (after 10,000 calls: the history holds its cap of 5,000 records and
// has been compacted, the JIT and the allocator have seen the work); then after 100,000 more
// calls. The primary figure is warm → +100k: growth there would be a leak. Idle → +100k is
// kept too; most of it is the history filling up to its cap, which is by design.
// The connector runs in its own process so the bench's server does not count; calls go in
// batches the connector acknowledges (no unbounded backlog).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LoopbackServer } from './loopback-server.js';
import { round } from './stats.js';

export interface MemoryResult {
  gcExposed: boolean;
  warmupCalls: number;
  calls: number;
  idleRssMb: number;
  /** After the warm-up calls. */
  warmRssMb: number;
  /** After the warm-up and then `calls` more. */
  after100kRssMb: number;
  /** The goal's figure: warm → after `calls` more. */
  growthWarmTo100kPercent: number;
  growthIdleTo100kPercent: number;
  heapUsedMb: { idle: number; warm: number; after100k: number };
  /** What V8 has reserved for the JS heap (used or not). */
  heapTotalMb: { idle: number; warm: number; after100k: number };
  /** RSS every 10,000 calls after the warm-up: a leak climbs, a settling allocator levels off. */
  rssEvery10kMb: number[];
  /** Memory of C++ objects bound to JS (Buffers, TLS, sockets). */
  externalMb: { idle: number; warm: number; after100k: number };
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

export async function benchMemory(
  calls = 100_000,
  warmupCalls = 10_000,
  batch = 500,
): Promise<MemoryResult> {
  const total = warmupCalls + calls;
  const server = await LoopbackServer.start();
  const child = fork(fileURLToPath(new URL('./memory-child.js', import.meta.url)), [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, BENCH_URL: server.url, BENCH_CA: server.ca.cert },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await ask<{ gc: boolean }>(child, undefined, 'ready');
    type Memory = { rss: number; heapUsed: number; heapTotal: number; external: number };
    const trajectory: number[] = [];
    const idle = await ask<Memory>(child, { kind: 'measure' }, 'memory');
    let sent = 0;
    let warm: Memory | undefined;
    while (sent < total) {
      for (let i = 0; i < batch; i++, sent++)
        server.sendCall(`07${String(10_000_000 + sent).padStart(8, '0')}`);
      await ask(child, { kind: 'wait', calls: sent }, 'handled');
      if (sent === warmupCalls) warm = await ask<Memory>(child, { kind: 'measure' }, 'memory');
      else if (sent > warmupCalls && (sent - warmupCalls) % 10_000 === 0 && sent < total) {
        trajectory.push(mb((await ask<Memory>(child, { kind: 'measure' }, 'memory')).rss));
      }
    }
    const end = await ask<Memory>(child, { kind: 'measure' }, 'memory');
    child.send({ kind: 'exit' });
    return {
      gcExposed: ready.gc,
      warmupCalls,
      calls,
      idleRssMb: mb(idle.rss),
      warmRssMb: mb(warm!.rss),
      after100kRssMb: mb(end.rss),
      growthWarmTo100kPercent: round(((end.rss - warm!.rss) / warm!.rss) * 100, 1),
      growthIdleTo100kPercent: round(((end.rss - idle.rss) / idle.rss) * 100, 1),
      heapUsedMb: {
        idle: mb(idle.heapUsed),
        warm: mb(warm!.heapUsed),
        after100k: mb(end.heapUsed),
      },
      heapTotalMb: {
        idle: mb(idle.heapTotal),
        warm: mb(warm!.heapTotal),
        after100k: mb(end.heapTotal),
      },
      rssEvery10kMb: [...trajectory, mb(end.rss)],
      externalMb: {
        idle: mb(idle.external),
        warm: mb(warm!.external),
        after100k: mb(end.external),
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
