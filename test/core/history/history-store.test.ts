import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HISTORY_FILE_NAME,
  HistoryStore,
  isHistoryRecord,
  MemoryHistoryStore,
  type HistoryEntry,
} from '../../../electron/core/history/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(n: number, raw = `07123456${String(n).padStart(2, '0')}`): HistoryEntry {
  return {
    id: `call-${n}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    direction: n % 2 === 0 ? 'inbound' : 'outbound',
    number: { raw, e164: `+40${raw.slice(1)}`, national: raw, digits: raw, kind: 'external' },
    rule: 'CRM',
    outcome: 'opened',
    detail: `https://crm.example.com/?p=${raw}`,
    trace: { tried: [{ rule: 'CRM', matched: true }] },
  };
}

const lines = async (file: string): Promise<string[]> =>
  (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');

describe('HistoryStore (real files)', () => {
  it('appends JSON lines and lists newest first, with limit and query', async () => {
    const store = new HistoryStore<HistoryEntry>({ directory: path.join(dir, 'sub') });
    for (let n = 1; n <= 5; n += 1) await store.append(entry(n));
    expect((await lines(path.join(dir, 'sub', HISTORY_FILE_NAME))).length).toBe(5);
    expect((await store.list()).map((e) => e.id)).toEqual([
      'call-5',
      'call-4',
      'call-3',
      'call-2',
      'call-1',
    ]);
    expect((await store.list({ limit: 2 })).map((e) => e.id)).toEqual(['call-5', 'call-4']);
    expect((await store.list({ query: '0712345603' })).map((e) => e.id)).toEqual(['call-3']);
    expect((await store.list({ query: 'OUTBOUND' })).map((e) => e.id)).toEqual([
      'call-5',
      'call-3',
      'call-1',
    ]);
    expect(await store.get('call-2')).toEqual(entry(2));
    expect(await store.get('nope')).toBeUndefined();

    // A fresh store (next start of the app) reads the same records back.
    const again = new HistoryStore<HistoryEntry>({ directory: path.join(dir, 'sub') });
    expect((await again.list()).map((e) => e.id)).toEqual([
      'call-5',
      'call-4',
      'call-3',
      'call-2',
      'call-1',
    ]);
  });

  it('keeps the newest `cap` records and compacts the file past cap + margin', async () => {
    const file = path.join(dir, 'h.jsonl');
    const store = new HistoryStore<HistoryEntry>({ file, cap: 5, margin: 3 });
    for (let n = 1; n <= 8; n += 1) await store.append(entry(n));
    expect((await store.list()).length).toBe(5);
    expect((await lines(file)).length).toBe(8); // not yet past 5 + 3
    await store.append(entry(9));
    const onDisk = await lines(file);
    expect(onDisk.map((l) => (JSON.parse(l) as HistoryEntry).id)).toEqual([
      'call-5',
      'call-6',
      'call-7',
      'call-8',
      'call-9',
    ]);
    expect(await readdir(dir)).toEqual(['h.jsonl']); // the temp file was renamed away
    const again = new HistoryStore<HistoryEntry>({ file, cap: 5, margin: 3 });
    expect((await again.list()).map((e) => e.id)).toEqual([
      'call-9',
      'call-8',
      'call-7',
      'call-6',
      'call-5',
    ]);
  });

  it('skips a torn last line (crash mid-write), counts it, and keeps appending readable lines', async () => {
    const file = path.join(dir, 'h.jsonl');
    const good = `${JSON.stringify(entry(1))}\n${JSON.stringify(entry(2))}\n`;
    const torn = JSON.stringify(entry(3)).slice(0, 40);
    await writeFile(file, good + torn);
    const store = new HistoryStore<HistoryEntry>({ file });
    expect((await store.list()).map((e) => e.id)).toEqual(['call-2', 'call-1']);
    expect(await store.health()).toEqual({ count: 2, skippedLines: 0, tornLines: 1 });
    await store.append(entry(4));
    const again = new HistoryStore<HistoryEntry>({ file });
    expect((await again.list()).map((e) => e.id)).toEqual(['call-4', 'call-2', 'call-1']);
    // The torn line is now a complete (garbage) line in the middle, no longer "torn".
    expect(await again.health()).toEqual({ count: 3, skippedLines: 1, tornLines: 0 });
  });

  it('skips garbage and wrong-shape lines, never failing', async () => {
    const file = path.join(dir, 'h.jsonl');
    await writeFile(
      file,
      [
        'not json at all',
        JSON.stringify(entry(1)),
        '',
        '[1,2,3]',
        '{"id": 5, "time": "x"}',
        '\u0000\u0000\u0000',
        JSON.stringify(entry(2)),
        '{"time": "no id"}',
        '',
      ].join('\n'),
    );
    const store = new HistoryStore<HistoryEntry>({ file });
    expect((await store.list()).map((e) => e.id)).toEqual(['call-2', 'call-1']);
    expect(await store.health()).toEqual({ count: 2, skippedLines: 5, tornLines: 0 });
  });

  it('keeps concurrent appends in order and refuses a record without an id', async () => {
    const file = path.join(dir, 'h.jsonl');
    const store = new HistoryStore<HistoryEntry>({ file, cap: 10, margin: 2 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(entry(i + 1))));
    expect((await store.list()).map((e) => e.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `call-${20 - i}`),
    );
    const again = new HistoryStore<HistoryEntry>({ file, cap: 10, margin: 2 });
    expect((await again.list()).length).toBe(10);
    await expect(store.append({ ...entry(1), id: '' })).rejects.toThrow(/id/);
  });
});

describe('MemoryHistoryStore', () => {
  it('behaves like the file store, capped', async () => {
    const store = new MemoryHistoryStore<HistoryEntry>({ cap: 3 });
    for (let n = 1; n <= 4; n += 1) await store.append(entry(n));
    expect((await store.list()).map((e) => e.id)).toEqual(['call-4', 'call-3', 'call-2']);
    expect((await store.list({ query: 'inbound', limit: 1 })).map((e) => e.id)).toEqual(['call-4']);
    expect(await store.get('call-1')).toBeUndefined();
  });
});

describe('HistoryStore (property)', () => {
  it('any mix of records and junk lines loads without throwing, keeping every record (a repeated id is a newer version of it)', async () => {
    const line = fc.oneof(
      fc.integer({ min: 1, max: 99 }).map((n) => ({ good: true, text: JSON.stringify(entry(n)) })),
      fc
        .string({ unit: 'binary' })
        .map((s) => s.replace(/\n/g, ' '))
        .filter((s) => !isHistoryRecord(safeParse(s)))
        .map((text) => ({ good: false, text })),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 20 }),
        fc.boolean(),
        async (lines, finalNewline) => {
          run += 1;
          const file = path.join(dir, `p${run}.jsonl`);
          const text = lines.map((l) => l.text).join('\n');
          await writeFile(file, finalNewline ? `${text}\n` : text);
          const store = new HistoryStore<HistoryEntry>({ file });
          const listed = await store.list();
          const good = new Set(lines.filter((l) => l.good).map((l) => l.text)).size;
          expect(listed.length).toBe(good);
          await store.append(entry(100));
          await store.close();
          expect((await new HistoryStore<HistoryEntry>({ file }).list())[0]?.id).toBe('call-100');
        },
      ),
      { numRuns: 40 },
    );
    // 40 runs of real file writes and reads: seconds on a loaded machine.
  }, 60_000);
});

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
