// `run` as shipped, started on a data folder whose call-history.jsonl is not a call history
// (binary garbage another program left there): it says so on stderr, keeps that file aside
// byte for byte, stays up and records every call in a fresh history file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir } from '../cli/cli-harness.js';
import { ensureBuilt } from './built-cli.js';
import {
  STARTUP_TIMEOUT_MS,
  childEnv,
  ConnectorProcess,
  isCall,
  isState,
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
let proc: ConnectorProcess | undefined;
let standIn: StandIn | undefined;

beforeAll(async () => {
  await ensureBuilt();
  ({ dir: root, cleanup } = await makeTempDir());
}, 180_000);

afterAll(async () => {
  await proc?.dispose();
  await standIn?.down();
  await cleanup?.();
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await delay(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('run on a history file that is not ours', () => {
  it('keeps it aside, says so, and records the calls in a fresh file', async () => {
    const tls = await mintTls();
    const caFile = path.join(root, 'ca.pem');
    await writeFile(caFile, tls.caCert);
    standIn = await StandIn.start(tls);
    const { browser } = await recordingBrowser(root);
    const config = await writeRunConfig(
      root,
      'config.json',
      { port: standIn.port, caFile },
      { screenPop: { browser }, rules: [CRM_RULE] },
    );
    const dataDir = path.join(root, 'data');
    await mkdir(dataDir, { recursive: true });
    const garbage = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 131 + 7) % 256));
    await writeFile(path.join(dataDir, 'call-history.jsonl'), garbage);

    proc = ConnectorProcess.start(['run', '--config', config, '--data-dir', dataDir], {
      cwd: root,
      env: childEnv(root),
    });
    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected',
    });
    for (const number of ['0741000101', '0741000102']) {
      expect(standIn.ring('incoming', number)).toBe(true);
      await proc.waitForLine(isCall(number), { timeoutMs: 20_000, what: `call ${number}` });
    }
    await until(async () => (await readHistory(dataDir)).length === 2, 'two calls in the history');

    expect((await readHistory(dataDir)).map((r) => r.number.raw)).toEqual([
      '0741000101',
      '0741000102',
    ]);
    const keptAs = (await readdir(dataDir)).filter((name) => name.includes('.not-a-history-'));
    expect(keptAs).toHaveLength(1);
    expect(Buffer.compare(await readFile(path.join(dataDir, keptAs[0]!)), garbage)).toBe(0);
    const said = proc.stderr
      .split('\n')
      .filter((line) => line.includes('kept aside, new calls go to a fresh file'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(keptAs[0]);
    expect(proc.alive).toBe(true);
    expect(existsSync(path.join(dataDir, 'call-history.jsonl'))).toBe(true);

    proc.signal('SIGTERM');
    expect(await proc.waitForExit(2_000)).toMatchObject({ code: 0, signal: null });
  }, 120_000);
});
