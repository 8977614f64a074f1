// 2b. Recovery measured on the shipped process: the built CLI (`run`) in a child process, the
// stand-in goes away for D seconds and comes back on the same port; the figure is the time
// from the stand-in listening again until the CLI prints its `connected` state line. Real
// clock, real sockets, the production timing — no virtual clock, nothing skipped — so it also
// proves the process stays up through every outage (it is checked before each run).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CliProcess, sleep } from './cli-process.js';
import { RestartableStandIn } from './restartable-standin.js';
import { percentile, round } from './stats.js';

export interface CliRecoveryRow {
  dropSeconds: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  samplesMs: number[];
}

export interface CliRecoveryResult {
  rows: CliRecoveryRow[];
  /** Every run of every drop together: with a few runs per drop, a row's p95 is its max. */
  all: Omit<CliRecoveryRow, 'dropSeconds' | 'samplesMs'>;
  /** SIGTERM at the end: exit status and how long the exit took. */
  exit: { code: number | null; signal: string | null; ms: number };
}

/** Connected and stable this long before each drop, as an agent's link is before a restart. */
const STABLE_MS = 2_000;

/** The environment of a CLI child: no proxy, no policy file of this machine. */
export function cliEnvironment(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ACCOLADES_POLICY_FILE: join(dir, 'none.json') };
  for (const key of ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY'])
    delete env[key];
  return env;
}

export async function benchCliRecovery(
  dropsSeconds = [1, 3, 5, 10, 20],
  runsEach = 4,
): Promise<CliRecoveryResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-cli-recovery-'));
  const stand = await RestartableStandIn.start(join(dir, 'stand-in'));
  const config = join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      accolades: { url: stand.wssUrl, crmId: 'demo-agent-1', caFile: stand.caFile },
    }),
  );
  const cli = CliProcess.start(
    ['run', '--config', config, '--data-dir', join(dir, 'data')],
    cliEnvironment(dir),
  );
  try {
    await cli.connected();
    const rows: CliRecoveryRow[] = [];
    for (const drop of dropsSeconds) {
      const samples: number[] = [];
      for (let run = 0; run < runsEach; run++) {
        await sleep(STABLE_MS);
        if (!cli.alive()) throw new Error('the CLI ended during the bench');
        const from = cli.lines.length;
        const downAt = performance.now();
        await stand.down();
        await cli.waitFor(
          'the drop to be noticed',
          (line) => line.type === 'state' && line.phase !== 'connected',
          from,
        );
        await sleep(Math.max(0, drop * 1_000 - (performance.now() - downAt)));
        const upAt = await stand.up();
        const back = await cli.connected(from);
        samples.push(back.at - upAt);
      }
      rows.push({
        dropSeconds: drop,
        runs: runsEach,
        p50Ms: round(percentile(samples, 50), 0),
        p95Ms: round(percentile(samples, 95), 0),
        maxMs: round(Math.max(...samples), 0),
        samplesMs: samples.map((ms) => round(ms, 0)),
      });
    }
    const exit = await cli.stop();
    const pooled = rows.flatMap((row) => row.samplesMs);
    const all = {
      runs: pooled.length,
      p50Ms: percentile(pooled, 50),
      p95Ms: percentile(pooled, 95),
      maxMs: Math.max(...pooled),
    };
    return { rows, all, exit };
  } finally {
    if (cli.alive()) cli.child.kill('SIGKILL');
    await stand.down();
    await rm(dir, { recursive: true, force: true });
  }
}
