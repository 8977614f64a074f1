// How `run` as shipped ends, and with which status (docs/cli.md, "Exit statuses"): SIGTERM
// exits 0 within 2 s whatever it was doing, with the call history whole; a configuration it
// cannot use exits 2 naming the file and the key; an exception nothing caught exits 70 with
// the reason on stderr, so a supervisor restarts it.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SimulatorTls } from '../../electron/simulator/index.js';
import { makeTempDir } from '../cli/cli-harness.js';
import { ensureBuilt } from './built-cli.js';
import {
  STARTUP_TIMEOUT_MS,
  childEnv,
  ConnectorProcess,
  isCall,
  isState,
  type OutputLine,
} from './connector-process.js';
import {
  CRM_RULE,
  delay,
  mintTls,
  readHistory,
  recordingBrowser,
  StandIn,
  writeRunConfig,
} from './process-fixtures.js';

let root: string;
let cleanup: () => Promise<void>;
let tls: SimulatorTls;
let caFile: string;
const processes: ConnectorProcess[] = [];
const standIns: StandIn[] = [];
const leftRunning: number[] = [];

beforeAll(async () => {
  await ensureBuilt();
  ({ dir: root, cleanup } = await makeTempDir());
  tls = await mintTls();
  caFile = path.join(root, 'ca.pem');
  await writeFile(caFile, tls.caCert);
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.dispose()));
  await Promise.all(standIns.map((s) => s.down()));
  for (const pid of leftRunning) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await cleanup?.();
});

async function scenario(name: string, extraConfig: Record<string, unknown> = {}) {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  const standIn = await StandIn.start(tls);
  standIns.push(standIn);
  const { browser, opened } = await recordingBrowser(dir);
  const config = await writeRunConfig(
    dir,
    'config.json',
    { port: standIn.port, caFile },
    { screenPop: { browser }, rules: [CRM_RULE], ...extraConfig },
  );
  const dataDir = path.join(dir, 'data');
  const start = (): ConnectorProcess => {
    const proc = ConnectorProcess.start(['run', '--config', config, '--data-dir', dataDir], {
      cwd: dir,
      env: childEnv(dir),
    });
    processes.push(proc);
    return proc;
  };
  return { dir, standIn, dataDir, opened, start };
}

/** Sends SIGTERM to a process that must still be running; resolves with its exit. */
async function terminate(proc: ConnectorProcess, limitMs = 2_000) {
  if (!proc.alive) throw new Error(`not running before SIGTERM\n${proc.describe()}`);
  const sentAt = Date.now();
  proc.signal('SIGTERM');
  const exit = await proc.waitForExit(limitMs);
  return { ...exit, tookMs: exit.atMs - sentAt };
}

const stoppingLine = (lines: OutputLine[]) => lines.find((l) => l.type === 'stopping');

describe.concurrent('SIGTERM: exit 0 within 2 s, history intact', () => {
  it('while connected, after a pop', async ({ expect }) => {
    const { standIn, dataDir, start } = await scenario('term-connected');
    const proc = start();
    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected',
    });
    expect(standIn.ring('incoming', '0741000001')).toBe(true);
    await proc.waitForLine(isCall('0741000001'), { timeoutMs: 10_000 });

    expect(await terminate(proc)).toMatchObject({ code: 0, signal: null });
    expect(stoppingLine(proc.lines)).toMatchObject({ signal: 'SIGTERM' });
    expect(proc.lines.at(-1)).toMatchObject({ type: 'state', phase: 'stopped' });
    expect((await readHistory(dataDir)).map((r) => r.number.raw)).toEqual(['0741000001']);
  }, 120_000);

  it('while backing off, the server gone', async ({ expect }) => {
    const { standIn, dataDir, start } = await scenario('term-backing-off');
    const proc = start();
    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected',
    });
    expect(standIn.ring('outgoing', '0741000002')).toBe(true);
    await proc.waitForLine(isCall('0741000002'), { timeoutMs: 10_000 });

    const mark = proc.mark();
    await standIn.down();
    await proc.waitForLine(isState('backing-off'), { after: mark, timeoutMs: 10_000 });
    // Long enough for the old process to have left on its own (it did within a second).
    await delay(1_500);
    expect(await terminate(proc)).toMatchObject({ code: 0, signal: null });
    expect(stoppingLine(proc.lines)).toMatchObject({ signal: 'SIGTERM' });
    expect((await readHistory(dataDir)).map((r) => r.number.raw)).toEqual(['0741000002']);
  }, 120_000);

  it('while the program a rule launched is still running: it is not waited for, nor killed', async ({
    expect,
  }) => {
    // The "local CRM" takes its time: it reports that it started, then stays up for a minute.
    const { dir } = { dir: path.join(root, 'term-program') };
    await mkdir(dir, { recursive: true });
    const programLog = path.join(dir, 'program.log');
    const program = path.join(dir, 'slow-crm.mjs');
    await writeFile(
      program,
      `import { appendFileSync } from 'node:fs';\n` +
        `appendFileSync(${JSON.stringify(programLog)}, JSON.stringify({ pid: process.pid, argv: process.argv.slice(2) }) + '\\n');\n` +
        `setTimeout(() => {}, 60_000);\n`,
    );
    const { standIn, dataDir, start } = await scenario('term-program', {
      rules: [
        {
          name: 'Local CRM',
          run: { program: process.execPath, args: [program, '--phone', '{national}'] },
        },
      ],
    });
    const proc = start();
    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected',
    });
    expect(standIn.ring('incoming', '0741000003')).toBe(true);
    // SIGTERM as soon as the program runs: the connector may not even have seen it start yet.
    let started: { pid: number; argv: string[] } | undefined;
    for (let i = 0; i < 400 && !started; i += 1) {
      const text = existsSync(programLog) ? await readFile(programLog, 'utf8') : '';
      if (text.trim() !== '') started = JSON.parse(text.trim()) as { pid: number; argv: string[] };
      else await delay(25);
    }
    expect(started, 'the program started').toBeDefined();
    leftRunning.push(started!.pid);
    expect(started!.argv).toEqual(['--phone', '0741000003']);

    expect(await terminate(proc)).toMatchObject({ code: 0, signal: null });
    const history = await readHistory(dataDir);
    expect(history.map((r) => r.number.raw)).toEqual(['0741000003']);
    expect(history[0]).toMatchObject({
      outcome: { kind: 'popped' },
      actions: [{ kind: 'run', ok: true, pid: started!.pid }],
    });
    // The agent's CRM window must not close because the connector stopped.
    expect(() => process.kill(started!.pid, 0)).not.toThrow();
  }, 120_000);
});

// Sequential: short, and their exit-at-once check is better off without siblings starting.
describe('a configuration run cannot use: exit 2 naming the file and the key', () => {
  it('not JSON', async ({ expect }) => {
    const dir = path.join(root, 'torn');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'torn.json');
    await writeFile(file, '{\n  "accolades": { "url": "wss://127.0.0.1:1",\n');
    const proc = ConnectorProcess.start(['run', '--config', file], {
      cwd: dir,
      env: childEnv(dir),
    });
    processes.push(proc);
    expect(await proc.waitForExit(STARTUP_TIMEOUT_MS)).toMatchObject({ code: 2, signal: null });
    expect(proc.stderr).toContain(file);
    expect(proc.stderr).toMatch(/not valid JSON at line \d+, column \d+/);
    expect(proc.received).toEqual([]);
    expect(proc.exit!.atMs - proc.stderrAtMs!).toBeLessThan(1_000);
  }, 30_000);

  it('a bad value', async ({ expect }) => {
    const dir = path.join(root, 'bad-value');
    await mkdir(dir, { recursive: true });
    const file = await writeRunConfig(
      dir,
      'bad.json',
      { port: 1, caFile },
      { screenPop: { dedupeWindowSeconds: 'thirty' as unknown as number } },
    );
    const proc = ConnectorProcess.start(['run', '--config', file], {
      cwd: dir,
      env: childEnv(dir),
    });
    processes.push(proc);
    expect(await proc.waitForExit(STARTUP_TIMEOUT_MS)).toMatchObject({ code: 2, signal: null });
    expect(proc.stderr).toContain(file);
    expect(proc.stderr).toContain('screenPop.dedupeWindowSeconds');
    expect(proc.received).toEqual([]);
    // At once: nothing is left holding the process (it used to linger until the launcher's
    // 1.5 s exit grace, with Ctrl+C swallowed).
    expect(proc.exit!.atMs - proc.stderrAtMs!).toBeLessThan(1_000);
  }, 30_000);
});

describe('an exception nothing caught: exit 70 with the reason', () => {
  it('stdout’s reader goes away (EPIPE on the next line): exit 70, the history whole', async ({
    expect,
  }) => {
    const { standIn, dataDir, start } = await scenario('epipe');
    const proc = start();
    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected',
    });
    expect(standIn.ring('incoming', '0741000004')).toBe(true);
    await proc.waitForLine(isCall('0741000004'), { timeoutMs: 10_000 });

    proc.stdout.destroy();
    // The next line fails: this call's, or a state line that comes first.
    expect(standIn.ring('incoming', '0741000005')).toBe(true);
    expect(await proc.waitForExit(10_000)).toMatchObject({ code: 70, signal: null });
    expect(proc.stderr).toMatch(
      /accolades-connector: internal error \(uncaught exception\): Error: write EPIPE/,
    );
    // Every line of the history parses (readHistory throws on a torn one).
    const numbers = (await readHistory(dataDir)).map((r) => r.number.raw);
    expect(numbers[0]).toBe('0741000004');
    expect(numbers.slice(1)).toEqual(numbers.length > 1 ? ['0741000005'] : []);
  }, 120_000);
});
