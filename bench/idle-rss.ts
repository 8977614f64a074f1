// 4b. Idle memory of the shipped process next to the least a client can be: the built CLI
// (`run`, as a user starts it, no flags added) and the bare ws client of the end-to-end bench
// (bare-open-client.ts: ws, libphonenumber-js, `open`), both logged in to the same stand-in in
// the same run, each given a few calls (opened in the same recording "browser"), then left
// idle. RSS is read from /proc a few times after the idle wait and the median kept; nothing is
// forced in either process (no GC call, no flag), so this is what an agent's machine holds.
// Then, per module group, what importing it costs in a fresh process (module-cost.ts).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CliProcess, sleep } from './cli-process.js';
import { recordingDesktop } from './e2e-launch.js';
import { moduleCosts, type ModuleCost } from './module-cost.js';
import { procMemory, type ProcMemory } from './proc-memory.js';
import { RestartableStandIn } from './restartable-standin.js';
import { percentile, round } from './stats.js';

export interface IdleRssResult {
  callsEach: number;
  idleSeconds: number;
  /** Median of the samples, and the anonymous / file-backed split of the last one. */
  cli: ProcMemory & { samplesMb: number[] };
  bare: ProcMemory & { samplesMb: number[] };
  ratio: number;
  modules: ModuleCost[];
}

const BARE_CLIENT = fileURLToPath(new URL('./bare-open-client.js', import.meta.url));

export async function benchIdleRss(
  callsEach = 5,
  idleSeconds = 20,
  samples = 5,
): Promise<IdleRssResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-idle-rss-'));
  const stand = await RestartableStandIn.start(join(dir, 'stand-in'));
  const { env } = await recordingDesktop(dir);
  const config = join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      accolades: { url: stand.wssUrl, crmId: 'demo-agent-1', caFile: stand.caFile },
      rules: [
        { name: 'Web CRM', direction: 'inbound', open: 'https://crm.example.com/c?phone={e164}' },
      ],
    }),
  );
  const cli = CliProcess.start(['run', '--config', config, '--data-dir', join(dir, 'data')], env);
  const bare = spawn(process.execPath, [BARE_CLIENT, stand.wssUrl, stand.caFile, 'demo-agent-2'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let measured: Omit<IdleRssResult, 'modules'>;
  try {
    await cli.connected();
    await new Promise<void>((resolve, reject) => {
      bare.once('exit', (code) => reject(new Error(`the bare client ended (status ${code})`)));
      createInterface({ input: bare.stdout! }).on('line', (l) => l === 'ready' && resolve());
    });
    // Calls at the pace of the production flood limit (3 at once, then one per 5 s) would
    // take long; a few seconds apart, each one pops in both clients.
    for (let i = 0; i < callsEach; i++) {
      const from = cli.lines.length;
      const digits = String(30_000_000 + i).padStart(8, '0');
      stand.handle.ringAgent('demo-agent-1', 'incoming', `07${digits}`);
      stand.handle.ringAgent('demo-agent-2', 'incoming', `07${digits}`);
      await cli.waitFor('the call line', (line) => line.type === 'call', from);
      await sleep(1_500);
    }
    await sleep(idleSeconds * 1_000);
    const cliSamples: ProcMemory[] = [];
    const bareSamples: ProcMemory[] = [];
    for (let i = 0; i < samples; i++) {
      const c = procMemory(cli.pid);
      const b = procMemory(bare.pid!);
      if (!c || !b) throw new Error('no /proc memory figures (Linux only)');
      cliSamples.push(c);
      bareSamples.push(b);
      await sleep(1_000);
    }
    const summary = (list: ProcMemory[]) => ({
      ...list.at(-1)!,
      rssMb: percentile(
        list.map((s) => s.rssMb),
        50,
      ),
      samplesMb: list.map((s) => s.rssMb),
    });
    const c = summary(cliSamples);
    const b = summary(bareSamples);
    measured = { callsEach, idleSeconds, cli: c, bare: b, ratio: round(c.rssMb / b.rssMb, 2) };
  } finally {
    await cli.stop();
    bare.kill('SIGTERM');
    await stand.down();
    await rm(dir, { recursive: true, force: true });
  }
  // After both are gone, so the import measurements do not share the cores with them.
  return { ...measured, modules: moduleCosts() };
}
