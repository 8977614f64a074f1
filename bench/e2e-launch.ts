// 1b. Frame → browser launched, through whole processes: the built CLI (`run`) against a bare ws
// client that calls the `open` package, both child processes logged in to the same stand-in.
// The "browser" of both is one tiny recording program, made the desktop's default https handler
// by a temp XDG setup (HOME, XDG_CONFIG_HOME with mimeapps.list, XDG_DATA_DIRS with its
// .desktop): the CLI resolves it once and starts it directly, `open` reaches it through
// xdg-open, so both pay the same program start and differ only in the hand-off.
// Clock: process.hrtime.bigint() on both sides — CLOCK_MONOTONIC on Linux, one clock for every
// process on the machine, nanosecond resolution — read by the bench just before the stand-in
// sends the frame and by the recording program as its first statement. Calls alternate between
// the two clients, and the next call waits until the previous launch was recorded plus a pause,
// so launches never queue behind each other.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { cliEnvironment } from './cli-recovery.js';
import { CliProcess, sleep } from './cli-process.js';
import { RestartableStandIn } from './restartable-standin.js';
import { percentile, round } from './stats.js';

export interface E2eLaunchResult {
  calls: number;
  pauseMs: number;
  cli: { p50Ms: number; p99Ms: number };
  bare: { p50Ms: number; p99Ms: number };
  ratioP50: number;
  ratioP99: number;
  /** The recording program started directly by the bench: the floor both figures include. */
  programStart: { runs: number; p50Ms: number; p99Ms: number };
}

const BARE_CLIENT = fileURLToPath(new URL('./bare-open-client.js', import.meta.url));

/** The temp desktop whose default https handler is the recording program. */
export async function recordingDesktop(
  dir: string,
): Promise<{ env: NodeJS.ProcessEnv; log: string; program: string }> {
  const home = join(dir, 'home');
  const configHome = join(home, '.config');
  const dataDir = join(dir, 'xdg-data');
  const log = join(dir, 'launches.log');
  const program = join(dir, 'recording-browser');
  await mkdir(configHome, { recursive: true });
  await mkdir(join(dataDir, 'applications'), { recursive: true });
  await writeFile(
    join(configHome, 'mimeapps.list'),
    '[Default Applications]\nx-scheme-handler/https=recording-browser.desktop\n',
  );
  await writeFile(
    join(dataDir, 'applications', 'recording-browser.desktop'),
    `[Desktop Entry]\nType=Application\nName=Recording browser\nExec=${program} %u\n`,
  );
  // The timestamp first; then its parent's pid and the URL (which carries the call's number).
  await writeFile(
    program,
    `#!${process.execPath}\nconst t = process.hrtime.bigint();\nrequire('fs').appendFileSync(${JSON.stringify(log)}, t + ' ' + process.ppid + ' ' + process.argv[process.argv.length - 1] + '\\n');\n`,
  );
  await chmod(program, 0o755);
  const env = cliEnvironment(dir);
  for (const key of [
    'XDG_CONFIG_DIRS',
    'XDG_DATA_HOME',
    'XDG_CURRENT_DESKTOP',
    'DESKTOP_SESSION',
    'KDE_FULL_SESSION',
    'GNOME_DESKTOP_SESSION_ID',
    'BROWSER',
  ])
    delete env[key];
  Object.assign(env, { HOME: home, XDG_CONFIG_HOME: configHome, XDG_DATA_DIRS: dataDir });
  // xdg-open without a desktop (no DISPLAY nor WAYLAND_DISPLAY) skips the handler and tries
  // text browsers; a desktop session always has one. Nothing here talks to an X server.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) env.DISPLAY = ':0';
  return { env, log, program };
}

/** The launch time (hrtime ns) recorded for the URL ending in these digits, once it is there. */
async function launchedAt(
  log: string,
  digits: string,
  timeoutMs = 15_000,
): Promise<{ at: bigint; parent: number }> {
  const deadline = Date.now() + timeoutMs;
  // The digits after the '+' only, whichever way a client encodes the '+'.
  const needle = `phone=`;
  for (;;) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const line = text.split('\n').find((l) => l.includes(needle) && l.endsWith(digits));
    if (line) {
      const [at, parent] = line.split(' ');
      return { at: BigInt(at!), parent: Number(parent) };
    }
    if (Date.now() > deadline)
      throw new Error(`no launch recorded for ${digits} in ${timeoutMs} ms`);
    await sleep(5);
  }
}

const stats = (samples: number[]) => ({
  p50Ms: round(percentile(samples, 50), 1),
  p99Ms: round(percentile(samples, 99), 1),
});

export async function benchE2eLaunch(calls = 100, pauseMs = 300): Promise<E2eLaunchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-e2e-launch-'));
  const stand = await RestartableStandIn.start(join(dir, 'stand-in'));
  const { env, log, program } = await recordingDesktop(dir);
  const config = join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      accolades: { url: stand.wssUrl, crmId: 'demo-agent-1', caFile: stand.caFile },
      // A call every ~0.4 s is a pace the production flood limit (3, then one per 5 s) holds back.
      screenPop: { burst: 3, refillSeconds: 0.1 },
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
  try {
    await cli.connected();
    await new Promise<void>((resolve, reject) => {
      bare.once('exit', (code) => reject(new Error(`the bare client ended (status ${code})`)));
      createInterface({ input: bare.stdout! }).on('line', (l) => l === 'ready' && resolve());
    });
    const floor: number[] = [];
    for (let i = 0; i < 20; i++) {
      const url = `https://crm.example.com/c?phone=%2B4070000${String(i).padStart(4, '0')}`;
      const before = process.hrtime.bigint();
      spawn(program, [url], { stdio: 'ignore' });
      floor.push(
        Number((await launchedAt(log, `4070000${String(i).padStart(4, '0')}`)).at - before) / 1e6,
      );
      await sleep(pauseMs);
    }
    const samples = { cli: [] as number[], bare: [] as number[] };
    let n = 0;
    const oneCall = async (who: 'cli' | 'bare', keep: boolean): Promise<void> => {
      const digits = String(20_000_000 + n++).padStart(8, '0');
      const sentAt = process.hrtime.bigint();
      const { delivered } = stand.handle.ringAgent(
        who === 'cli' ? 'demo-agent-1' : 'demo-agent-2',
        'incoming',
        `07${digits}`,
      );
      if (!delivered) throw new Error(`the stand-in could not deliver to the ${who} client`);
      const { at, parent } = await launchedAt(log, `407${digits}`);
      // The figure means "direct start" only if the CLI itself started the browser (a fallback
      // to the open package would put xdg-open's shell in between).
      if (who === 'cli' && parent !== cli.pid)
        throw new Error(`the CLI did not start the browser itself (parent ${parent})`);
      if (keep) samples[who].push(Number(at - sentAt) / 1e6);
      await sleep(pauseMs);
    };
    for (let i = 0; i < 5; i++)
      for (const who of ['cli', 'bare'] as const) await oneCall(who, false);
    for (let i = 0; i < calls; i++)
      for (const who of ['cli', 'bare'] as const) await oneCall(who, true);
    const c = stats(samples.cli);
    const b = stats(samples.bare);
    return {
      calls,
      pauseMs,
      cli: c,
      bare: b,
      ratioP50: round(c.p50Ms / b.p50Ms, 2),
      ratioP99: round(c.p99Ms / b.p99Ms, 2),
      programStart: { runs: floor.length, ...stats(floor) },
    };
  } finally {
    await cli.stop();
    bare.kill('SIGTERM');
    await stand.down();
    await rm(dir, { recursive: true, force: true });
  }
}
