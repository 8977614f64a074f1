// 4c. Memory growth of the shipped process under a long stream of calls: the built CLI (`run`)
// logged in to the stand-in, 10,000 calls to warm it (the history reaches its cap of 5,000
// records and compacts; the JIT and the allocator have seen the work), then `calls` more.
// RSS and the JS heap in use are read after forced GC (memory-probe-preload.ts, loaded with
// --expose-gc for this bench only) at warm, every `every` calls and at the end; the goal's
// figure is warm → end.
// The rule opens a URL for every call, with the production flood limit (3 at once, then one per
// 5 s): each call is parsed, matched, rendered, checked against the duplicate window and the
// flood limit and written to the history, and the "browser" (a script that exits) is started
// about once per 5 s. Starting it 100,000 times would measure process spawning, not the CLI.
// Calls go in batches of 500; the next batch waits for the CLI's `call` lines of the last, so
// nothing piles up. The CLI's stdout is counted, not kept.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cliEnvironment } from './cli-recovery.js';
import { CLI_BINARY, sleep } from './cli-process.js';
import { RestartableStandIn } from './restartable-standin.js';
import { round } from './stats.js';

export interface CliGrowthResult {
  warmupCalls: number;
  calls: number;
  seconds: number;
  rssMb: { warm: number; end: number; min: number; max: number };
  heapUsedMb: { warm: number; end: number };
  heapTotalMb: { warm: number; end: number };
  externalMb: { warm: number; end: number };
  growthRssPercent: number;
  growthHeapUsedPercent: number;
  /** RSS (MB) every `every` calls after the warm-up, after forced GC. */
  rssTrajectoryMb: number[];
  heapUsedTrajectoryMb: number[];
  every: number;
}

const PRELOAD = fileURLToPath(new URL('./memory-probe-preload.js', import.meta.url));
const CRM_ID = 'demo-agent-1';
const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

export async function benchCliGrowth(
  calls = 100_000,
  every = 10_000,
  warmupCalls = 10_000,
  batch = 500,
): Promise<CliGrowthResult> {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'bench-cli-growth-'));
  const stand = await RestartableStandIn.start(join(dir, 'stand-in'));
  const browser = join(dir, 'browser.sh');
  await writeFile(browser, '#!/bin/sh\nexit 0\n');
  await chmod(browser, 0o755);
  const config = join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      accolades: { url: stand.wssUrl, crmId: CRM_ID, caFile: stand.caFile },
      screenPop: { browser },
      rules: [
        { name: 'Web CRM', direction: 'inbound', open: 'https://crm.example.com/c?phone={e164}' },
      ],
    }),
  );
  const memoryFile = join(dir, 'memory.json');
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      PRELOAD,
      CLI_BINARY,
      'run',
      '--config',
      config,
      '--data-dir',
      join(dir, 'data'),
    ],
    {
      env: { ...cliEnvironment(dir), BENCH_MEMORY_FILE: memoryFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr!.resume();
  let handled = 0;
  let connected = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.includes('"type":"call"')) handled += 1;
    else if (line.includes('"type":"state"') && line.includes('"phase":"connected"'))
      connected = true;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ended = false;
  void exited.then(() => (ended = true));
  const until = async (test: () => boolean, what: string, timeoutMs = 300_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (ended) throw new Error(`the CLI ended while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await sleep(5);
    }
  };
  const measure = async (): Promise<NodeJS.MemoryUsage> => {
    rmSync(memoryFile, { force: true });
    child.kill('SIGUSR2');
    await until(() => existsSync(memoryFile), 'the memory figures', 10_000);
    await sleep(20); // the file is written in one call; let it land
    return JSON.parse(readFileSync(memoryFile, 'utf8')) as NodeJS.MemoryUsage;
  };
  try {
    await until(() => connected, 'the connected state', 60_000);
    let sent = 0;
    let warm: NodeJS.MemoryUsage | undefined;
    const trajectory: NodeJS.MemoryUsage[] = [];
    const total = warmupCalls + calls;
    while (sent < total) {
      for (let i = 0; i < batch && sent < total; i++, sent++) {
        const delivered = stand.handle.ringAgent(
          CRM_ID,
          'incoming',
          `07${String(10_000_000 + sent).padStart(8, '0')}`,
        ).delivered;
        if (!delivered) throw new Error('the stand-in could not deliver a call to the CLI');
      }
      await until(() => handled >= sent, `${sent} call lines`);
      stand.handle.clearRecord(); // the stand-in's own list of calls, not the CLI's
      if (sent === warmupCalls) warm = await measure();
      else if (sent > warmupCalls && (sent - warmupCalls) % every === 0)
        trajectory.push(await measure());
    }
    const end = trajectory.at(-1) ?? (await measure());
    const rss = trajectory.map((m) => mb(m.rss));
    return {
      warmupCalls,
      calls,
      seconds: Math.round((Date.now() - started) / 1000),
      rssMb: {
        warm: mb(warm!.rss),
        end: mb(end.rss),
        min: Math.min(...rss),
        max: Math.max(...rss),
      },
      heapUsedMb: { warm: mb(warm!.heapUsed), end: mb(end.heapUsed) },
      heapTotalMb: { warm: mb(warm!.heapTotal), end: mb(end.heapTotal) },
      externalMb: { warm: mb(warm!.external), end: mb(end.external) },
      growthRssPercent: round(((end.rss - warm!.rss) / warm!.rss) * 100, 1),
      growthHeapUsedPercent: round(((end.heapUsed - warm!.heapUsed) / warm!.heapUsed) * 100, 1),
      rssTrajectoryMb: rss,
      heapUsedTrajectoryMb: trajectory.map((m) => mb(m.heapUsed)),
      every,
    };
  } finally {
    if (!ended) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
    }
    await stand.down();
    await rm(dir, { recursive: true, force: true });
  }
}
