// Rules that would hand the caller the process, driven through the built binary as a child:
// a number pattern that backtracks catastrophically is refused when the config is loaded (exit
// 2 naming the field) instead of freezing on a crafted caller id; a shell as the program is
// refused the same way; and against the stand-in, caller ids that are not dialable numbers
// (/uninstall, 0712;rm -rf …) start no program and the call's trace says why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';
import { binary, childEnv, ensureBuilt, follow } from './built-cli.js';
import { makeTempDir, standInConfig, writeJson } from './cli-harness.js';

const EVIL_PATTERN = '^(\\+?\\d+[ -]?)+$';
/** 63 digits and one character the pattern cannot end on: 2^63 ways to fail on the old code. */
const CRAFTED_ID = `${'0'.repeat(63)}x`;

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  await ensureBuilt();
  ({ dir, cleanup } = await makeTempDir());
}, 120_000);

afterAll(async () => cleanup?.());

/** Runs the built CLI to the end; a child that hangs is killed after `timeoutMs`. */
function cli(args: string[], timeoutMs = 20_000) {
  const started = Date.now();
  const child = spawnSync(process.execPath, [binary, ...args], {
    cwd: dir,
    env: childEnv(dir),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  return { ...child, ms: Date.now() - started };
}

describe('a number pattern that could freeze the process', () => {
  it('render with a crafted 64-character caller id exits 2 naming the field, instead of hanging', async () => {
    expect(CRAFTED_ID).toHaveLength(64);
    const config = await writeJson(path.join(dir, 'redos.json'), {
      rules: [
        { name: 'Mobiles', numberPattern: '^07', open: 'https://crm.example.com/?p={e164}' },
        {
          name: 'Any number',
          numberPattern: EVIL_PATTERN,
          open: 'https://crm.example.com/?p={e164}',
        },
      ],
    });
    const render = cli(['render', '--config', config, '--number', CRAFTED_ID]);
    expect(render.error, `the CLI hung for ${render.ms} ms`).toBeUndefined();
    expect(render.status).toBe(2);
    expect(render.stdout).toBe('');
    expect(render.stderr).toContain(config);
    expect(render.stderr).toContain('rules[1].numberPattern');
    expect(render.stderr).toMatch(/repeated group may not contain a quantifier/);

    // `run` loads the same way: it never gets as far as connecting.
    const run = cli(['run', '--config', config]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('rules[1].numberPattern');
  }, 60_000);

  it('a safe pattern with the same crafted caller id answers at once', async () => {
    const config = await writeJson(path.join(dir, 'safe.json'), {
      rules: [{ name: 'Digits', numberPattern: '^\\d+$', open: 'https://crm.example.com/' }],
    });
    const render = cli(['render', '--config', config, '--number', CRAFTED_ID]);
    expect(render.status).toBe(0);
    const trace = JSON.parse(render.stdout).trace as { tried: { matched: boolean; why: string }[] };
    // Only the normalised forms are tested, and none longer than a phone number can be.
    expect(trace.tried[0]!.matched).toBe(false);
    expect(trace.tried[0]!.why).toMatch(/63 characters, longer than the 32/);
  }, 30_000);
});

describe('a shell or script host as the program', () => {
  it.each([
    ['/bin/sh', ['-c', 'crm --phone {number}']],
    ['C:\\Windows\\System32\\cmd.exe', ['/c', 'crm.exe {number}']],
    ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\PowerShell.EXE', ['-Command', '{e164}']],
    ['/usr/bin/env', ['sh', '-c', 'crm {number}']],
  ])(
    '%s is refused when the config is loaded, naming the field',
    async (program, args) => {
      const config = await writeJson(path.join(dir, 'shell.json'), {
        rules: [{ name: 'Through a shell', run: { program, args } }],
      });
      const render = cli(['render', '--config', config, '--number', '0712345678']);
      expect(render.status).toBe(2);
      expect(render.stdout).toBe('');
      expect(render.stderr).toContain('rules[0].run.program');
      expect(render.stderr).toMatch(/shell or script host/);
    },
    30_000,
  );
});

describe('caller ids that are not dialable numbers, against the stand-in', () => {
  let stand: SimulatorHandle;
  beforeAll(async () => {
    stand = await startSimulator();
  });
  afterAll(async () => stand?.close());

  it('start no program and say why in the trace; a real number still does', async () => {
    const log = path.join(dir, 'argv.jsonl');
    const recorder = path.join(dir, 'record-argv.mjs');
    await writeFile(
      recorder,
      `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`,
    );
    const config = await standInConfig(
      dir,
      stand,
      {
        screenPop: { burst: 20 },
        rules: [
          {
            name: 'Local CRM',
            direction: 'inbound',
            run: { program: process.execPath, args: [recorder, '{number}', '--raw={number|raw}'] },
          },
        ],
      },
      'hostile-ids.json',
    );
    const child = spawn(
      process.execPath,
      [binary, 'run', '--config', config, '--data-dir', path.join(dir, 'data')],
      { cwd: dir, env: childEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const { waitFor } = follow(child);
    try {
      await waitFor((l) => l.type === 'state' && l.phase === 'connected');
      const hostile = ['/uninstall', '/S /D=C:\\evil', '0712;rm -rf ~', '0712345678 & calc.exe'];
      for (const id of hostile) {
        expect(stand.ringAgent('demo-agent-1', 'incoming', id).delivered).toBe(true);
        const call = await waitFor(
          (l) => l.type === 'call' && (l.number as { raw: string }).raw === id,
        );
        expect(call.outcome).toMatchObject({ kind: 'failed' });
        expect(call.summary).toMatch(
          /nothing to do\. Local CRM: Argument 2: the value of \{number\} .* only digits, \+, \* and # /,
        );
      }
      // A dialable number is started, and it is the only thing that ever was.
      stand.ringAgent('demo-agent-1', 'incoming', '+40712345678');
      const good = await waitFor((l) => l.type === 'action' && l.kind === 'run');
      expect(good).toMatchObject({
        ok: true,
        args: [recorder, '+40712345678', '--raw=+40712345678'],
      });
      for (;;) {
        if (existsSync(log) && (await readFile(log, 'utf8')).trim() !== '') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const launched = (await readFile(log, 'utf8')).trim().split('\n');
      expect(launched.map((l) => JSON.parse(l) as unknown)).toEqual([
        ['+40712345678', '--raw=+40712345678'],
      ]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
