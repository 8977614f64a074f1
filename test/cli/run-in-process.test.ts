// `run` in-process: the JSON lines for config, policy problems and states; the default data
// folder comes from the injected home; Ctrl+C stops cleanly with exit 0.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../electron/cli/index.js';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';
import { captureIo, makeTempDir, standInConfig } from './cli-harness.js';

let stand: SimulatorHandle;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  stand = await startSimulator();
});
afterAll(async () => {
  await stand.close();
  await cleanup();
});

async function waitForLine(out: () => string, test: (line: Record<string, unknown>) => boolean) {
  // Polls the captured stdout; the test's timeout bounds the wait.
  for (;;) {
    const lines = out()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const found = lines.find(test);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('reports a broken policy, connects, and stops on Ctrl+C with exit 0', async () => {
  const config = await standInConfig(dir, stand, {
    rules: [{ name: 'Off', pop: 'off', open: 'https://crm.example.com/?p={e164}' }],
  });
  const policy = path.join(dir, 'policy.json');
  await writeFile(policy, '{"locked": ["no.such.key"]}');
  const captured = captureIo(dir, { env: { ACCOLADES_POLICY_FILE: policy } });
  const running = main(['run', '-c', config], captured.io);

  const problem = await waitForLine(captured.out, (l) => l.type === 'problem');
  expect(problem.source).toBe('policy');
  expect(problem.message).toMatch(/policy file is broken.*locked\[0\]/s);
  await waitForLine(captured.out, (l) => l.type === 'state' && l.phase === 'connected');

  stand.ringAgent('demo-agent-1', 'incoming', '0712345678');
  const call = await waitForLine(captured.out, (l) => l.type === 'call');
  expect(call.outcome).toMatchObject({ kind: 'suppressed', reason: 'pop-off' });

  captured.stop('SIGINT');
  expect(await running).toBe(0);
  const history = await waitForLine(captured.out, (l) => l.type === 'history');
  expect(history.file).toBe(
    path.join(dir, '.local', 'share', 'accolades-connector', 'cli', 'call-history.jsonl'),
  );
  const saved = (await readFile(history.file as string, 'utf8')).trim().split('\n');
  expect(saved.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([call.id]);
  expect(captured.out()).toContain('"type":"stopping","time"');
  // stderr carries the logs, one JSON object per line.
  for (const line of captured.err().trim().split('\n'))
    expect(JSON.parse(line)).toHaveProperty('level');
}, 30_000);
