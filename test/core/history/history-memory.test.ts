// What the history store keeps in memory with 100,000 records on disk, measured where nothing
// else lives: the built store opens the file in a child process of its own run with
// --expose-gc, and the heap plus ArrayBuffer memory after GC is compared with before it was made.
// Before the paged store this was the parsed records themselves (162.7 MB for 100,000
// CallRecord-sized records in the bench, docs/benchmark.md); now it is an index of 12 bytes
// a record.
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from '../../process/built-cli.js';

const RECORDS = 100_000;
const MB = 1024 * 1024;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-history-memory-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CHILD = `
const { HistoryStore } = await import(process.env.STORE_MODULE);
const settled = async () => {
  for (let i = 0; i < 3; i += 1) { globalThis.gc(); await new Promise((r) => setTimeout(r, 30)); }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};
const before = await settled();
const store = new HistoryStore({ file: process.env.HISTORY_FILE, cap: Number(process.env.CAP) });
const page = await store.page({ limit: 50 });
const found = await store.page({ limit: 50, query: '0712 012 345' });
const { count } = await store.health();
const after = await settled();
globalThis.keep = store;
process.send({ retained: after - before, count, ids: page.records.map((r) => r.id), hits: found.total });
`;

function measure(
  file: string,
): Promise<{ retained: number; count: number; ids: string[]; hits: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '--eval', CHILD], {
      env: {
        ...process.env,
        STORE_MODULE: pathToFileURL(
          path.join(repoRoot, 'dist', 'electron', 'core', 'history', 'history-store.js'),
        ).href,
        HISTORY_FILE: file,
        CAP: String(RECORDS),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message) => resolve(message as never));
    child.once('error', reject);
    child.once('exit', (code) => code === 0 || reject(new Error(`child exited with ${code}`)));
  });
}

describe('history memory (child process, --expose-gc)', () => {
  it('keeps an index, not the records: 100,000 records on disk cost under 2 MB', async () => {
    await ensureBuilt();
    const file = path.join(dir, 'call-history.jsonl');
    const handle = await open(file, 'w');
    for (let start = 0; start < RECORDS; start += 10_000) {
      let chunk = '';
      for (let n = start; n < start + 10_000; n += 1) {
        const raw = `0712${String(n).padStart(6, '0')}`;
        chunk += `${JSON.stringify({
          id: `call-${n}`,
          direction: 'inbound',
          number: { raw, e164: `+40${raw.slice(1)}`, kind: 'external' },
          receivedAt: 1_780_000_000_000 + n,
          outcome: { kind: 'popped' },
          trace: { summary: `Rule "CRM" opens https://crm.example.com/?p=${raw}` },
        })}\n`;
      }
      await handle.writeFile(chunk);
    }
    await handle.close();

    const result = await measure(file);
    expect(result.count).toBe(RECORDS);
    expect(result.ids).toEqual(Array.from({ length: 50 }, (_, i) => `call-${RECORDS - 1 - i}`));
    expect(result.hits).toBe(1);
    // 12 bytes a record is 1.2 MB; every parsed record kept would be tens of MB.
    expect(result.retained / MB).toBeLessThan(2);
  }, 120_000);
});
