// The real built binary (`node bin/accolades-connector.js`) against the stand-in: `run` pops
// a URL for an incoming call and runs a program for an outgoing one, the JSON lines and the
// trace say why, and SIGTERM exits 0 with the history on disk. Nothing opens a real browser:
// the rule's browser (screenPop.browser) is a tiny script that records the URL it was given.
import { spawnSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';
import { makeTempDir, runCli, standInConfig } from './cli-harness.js';
import { binaryPath as binary, ensureBuilt } from '../process/built-cli.js';
import { childEnv, ConnectorProcess, type OutputLine } from '../process/connector-process.js';

let stand: SimulatorHandle;
let dir: string;
let cleanup: () => Promise<void>;
let browserLog: string;
let programLog: string;
let browser: string;
let program: string;

beforeAll(async () => {
  await ensureBuilt();
  ({ dir, cleanup } = await makeTempDir());
  stand = await startSimulator();
  browserLog = path.join(dir, 'browser.log');
  programLog = path.join(dir, 'program.log');
  browser = path.join(dir, 'record-browser.sh');
  program = path.join(dir, 'record-argv.mjs');
  await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${browserLog}'\n`);
  await chmod(browser, 0o755);
  await writeFile(
    program,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(programLog)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`,
  );
}, 120_000);

afterAll(async () => {
  await stand?.close();
  await cleanup?.();
});

async function fileWithText(file: string): Promise<string> {
  // The launched program runs detached; wait until it has written (the test timeout bounds this).
  for (;;) {
    const text = existsSync(file) ? await readFile(file, 'utf8') : '';
    if (text.trim() !== '') return text;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the built binary', () => {
  it('run: opens the URL for an incoming call, runs the program for an outgoing one, SIGTERM exits 0', async () => {
    const config = await standInConfig(dir, stand, {
      screenPop: { browser },
      rules: [
        {
          name: 'Web CRM',
          direction: 'inbound',
          open: 'https://crm.example.com/contacts?phone={e164}',
        },
        {
          name: 'Local CRM',
          direction: 'outbound',
          run: { program: process.execPath, args: [program, '--phone', '{national}'] },
        },
      ],
    });
    const dataDir = path.join(dir, 'data');
    const proc = ConnectorProcess.start(['run', '--config', config, '--data-dir', dataDir], {
      cwd: dir,
      env: childEnv(dir),
    });
    const waitFor = (test: (line: OutputLine) => boolean) =>
      proc.waitForLine(test, { timeoutMs: 30_000 });
    try {
      await waitFor((l) => l.type === 'state' && l.phase === 'connected');
      expect(stand.ringAgent('demo-agent-1', 'incoming', '0712 345 678').delivered).toBe(true);
      const inbound = await waitFor((l) => l.type === 'call' && l.direction === 'inbound');
      expect(inbound.outcome).toEqual({ kind: 'popped' });
      expect(inbound.summary).toContain('rule "Web CRM"');
      const url = 'https://crm.example.com/contacts?phone=%2B40712345678';
      expect(await waitFor((l) => l.type === 'action' && l.kind === 'open')).toMatchObject({
        url,
        ok: true,
        ruleName: 'Web CRM',
      });
      expect((await fileWithText(browserLog)).trim()).toBe(url);

      stand.ringAgent('demo-agent-1', 'outgoing', '+40213456789');
      const outbound = await waitFor((l) => l.type === 'call' && l.direction === 'outbound');
      const trace = outbound.trace as {
        tried: Array<{ name: string; matched: boolean; why: string }>;
      };
      expect(trace.tried.map((t) => [t.name, t.matched])).toEqual([
        ['Web CRM', false],
        ['Local CRM', true],
      ]);
      expect(trace.tried[0]!.why).toMatch(/inbound|direction/i);
      expect(await waitFor((l) => l.type === 'action' && l.kind === 'run')).toMatchObject({
        program: process.execPath,
        args: [program, '--phone', '0213456789'],
        ok: true,
      });
      expect(JSON.parse((await fileWithText(programLog)).trim())).toEqual([
        '--phone',
        '0213456789',
      ]);

      proc.signal('SIGTERM');
      expect((await proc.waitForExit(10_000)).code).toBe(0);
      expect(proc.lines.at(-1)).toMatchObject({ type: 'state', phase: 'stopped' });
      const history = (await readFile(path.join(dataDir, 'call-history.jsonl'), 'utf8'))
        .trim()
        .split('\n');
      expect(history.map((h) => (JSON.parse(h) as { direction: string }).direction)).toEqual([
        'inbound',
        'outbound',
      ]);
      // Logs are JSON lines on stderr, never mixed into stdout, where every line is JSON.
      expect(proc.received.filter((line) => line.json === undefined)).toEqual([]);
      for (const log of proc.stderr.trim().split('\n'))
        expect(() => JSON.parse(log) as unknown).not.toThrow();
    } finally {
      await proc.dispose();
    }
  }, 60_000);

  it('render prints the exact URL; a broken config exits 2 naming file and field', async () => {
    const config = await standInConfig(
      dir,
      stand,
      {
        rules: [{ name: 'Web CRM', open: 'https://crm.example.com/c?p={e164}&d={direction}' }],
      },
      'render.json',
    );
    const render = spawnSync(
      process.execPath,
      [binary, 'render', '-c', config, '-n', '0712345678'],
      { env: childEnv(dir), encoding: 'utf8' },
    );
    expect(render.status).toBe(0);
    expect(JSON.parse(render.stdout).urls).toEqual([
      'https://crm.example.com/c?p=%2B40712345678&d=inbound',
    ]);

    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify({ rest: { dialFormat: 'roman' } }));
    const bad = spawnSync(process.execPath, [binary, 'run', '-c', broken], {
      env: childEnv(dir),
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(broken);
    expect(bad.stderr).toContain('rest.dialFormat');
    expect(bad.stdout).toBe('');
  }, 30_000);
});

describe('demo --once', () => {
  it('starts the stand-in, pops the CRM demo page and runs the local program', async () => {
    const result = await runCli(dir, ['demo', '--once', '--browser', browser]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /✔ open http:\/\/127\.0\.0\.1:\d+\/crm\/contact\?phone=%2B40712345678&direction=inbound/,
    );
    expect(result.out).toMatch(/✔ run .* --phone 0213456789/);
    expect(result.out).toContain('Local CRM program was started with ["--phone","0213456789"]');
    const opened = (await fileWithText(browserLog)).trim().split('\n').at(-1)!;
    // The page the agent would see is really served by the stand-in — until the demo ends.
    expect(opened).toMatch(/\/crm\/contact\?phone=%2B40712345678/);
  }, 60_000);
});
