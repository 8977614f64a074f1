// The history kept on disk and read a page at a time: real files in a temp dir, written the way
// a crash, a bad disk or another program would leave them, then read through the real store.
import { mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HistoryStore,
  type HistoryEntry,
  type HistoryPage,
} from '../../../electron/core/history/index.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';

let dir: string;
let file: string;
const stores: HistoryStore<HistoryEntry>[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-history-paged-'));
  file = path.join(dir, 'call-history.jsonl');
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

function storeFor(options: { cap?: number; margin?: number; logger?: MemoryLogger } = {}) {
  const store = new HistoryStore<HistoryEntry>({ file, ...options });
  stores.push(store);
  return store;
}

function entry(n: number): HistoryEntry {
  const raw = `0712${String(n).padStart(6, '0')}`;
  return {
    id: `call-${n}`,
    time: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    direction: n % 2 === 0 ? 'inbound' : 'outbound',
    number: { raw, e164: `+40${raw.slice(1)}`, kind: 'external' },
    outcome: 'opened',
  };
}

const line = (n: number): string => `${JSON.stringify(entry(n))}\n`;
const ids = (records: readonly HistoryEntry[]): string[] => records.map((r) => r.id);
const newestFirst = (from: number, to: number): string[] =>
  Array.from({ length: from - to + 1 }, (_, i) => `call-${from - i}`);

/** Every page from the newest, following `next`, with the page sizes seen. */
async function allPages(store: HistoryStore<HistoryEntry>, limit: number, query?: string) {
  const pages: HistoryPage<HistoryEntry>[] = [];
  let before: number | undefined;
  do {
    const page = await store.page({ limit, ...(query ? { query } : {}), before });
    pages.push(page);
    before = page.next;
  } while (before !== undefined);
  return pages;
}

describe('HistoryStore pages (real files)', () => {
  it('pages through 100,000 records newest first, each exactly once, by cursor', async () => {
    const count = 100_000;
    const handle = await open(file, 'w');
    for (let start = 1; start <= count; start += 5_000) {
      let chunk = '';
      for (let n = start; n < start + 5_000; n += 1) chunk += line(n);
      await handle.writeFile(chunk);
    }
    await handle.close();
    const store = storeFor({ cap: count });

    const first = await store.page({ limit: 50 });
    expect(ids(first.records)).toEqual(newestFirst(count, count - 49));
    expect(first.total).toBe(count);

    const pages = await allPages(store, 2_000);
    expect(pages).toHaveLength(50);
    const seen = pages.flatMap((p) => ids(p.records));
    expect(seen).toEqual(newestFirst(count, 1));
    expect(pages.at(-1)!.next).toBeUndefined();
  });

  it('keeps a cursor on the same call while new calls arrive and the oldest are dropped', async () => {
    const store = storeFor({ cap: 30, margin: 5 });
    for (let n = 1; n <= 30; n += 1) await store.append(entry(n));
    const first = await store.page({ limit: 10 });
    expect(ids(first.records)).toEqual(newestFirst(30, 21));
    // 8 new calls: 8 of the oldest go; the 36th line (> 30 + 5) compacted the file to 30.
    for (let n = 31; n <= 38; n += 1) await store.append(entry(n));
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(32);
    const second = await store.page({ limit: 10, before: first.next });
    expect(ids(second.records)).toEqual(newestFirst(20, 11));
    const last = await store.page({ limit: 10, before: second.next });
    expect(ids(last.records)).toEqual(newestFirst(10, 9)); // 1–8 were dropped
    expect(last.next).toBeUndefined();
  });

  it('pages a search and counts every match; a number typed with spaces matches', async () => {
    const store = storeFor();
    for (let n = 1; n <= 300; n += 1) await store.append(entry(n));
    // Numbers 0712000100 … 0712000199 contain "07120001".
    const pages = await allPages(store, 40, '0712 0001');
    expect(pages.map((p) => p.total)).toEqual([100, 100, 100]);
    expect(pages.flatMap((p) => ids(p.records))).toEqual(newestFirst(199, 100));
    expect((await store.page({ limit: 5, query: 'no such thing' })).records).toEqual([]);
  });

  it('skips a torn last line with a log line, and the next append starts on a fresh line', async () => {
    await writeFile(file, line(1) + line(2) + line(3).slice(0, 30));
    const logger = new MemoryLogger();
    const store = storeFor({ logger });
    expect(ids((await store.page({ limit: 10 })).records)).toEqual(['call-2', 'call-1']);
    expect(logger.entries.map((e) => [e.level, e.message, e.fields])).toContainEqual([
      'warn',
      'call history: unreadable lines skipped',
      { skipped: 0, torn: 1 },
    ]);
    await store.append(entry(4));
    const text = await readFile(file, 'utf8');
    expect(text.endsWith(`${line(3).slice(0, 30)}\n${line(4)}`)).toBe(true);
    expect(ids(await storeFor().list())).toEqual(['call-4', 'call-2', 'call-1']);
  });

  it('skips a corrupt record in the middle, at load and when it goes bad after loading', async () => {
    await writeFile(file, line(1) + '{"id":"call-2", "trunc' + '\n' + line(3) + line(4) + line(5));
    const store = storeFor();
    expect(ids(await store.list())).toEqual(['call-5', 'call-4', 'call-3', 'call-1']);
    expect(await store.health()).toEqual({ count: 4, skippedLines: 1, tornLines: 0 });

    // Another program overwrites call-4's bytes in place after the index was built.
    const text = await readFile(file, 'utf8');
    const at = Buffer.byteLength(text.slice(0, text.indexOf('{"id":"call-4"')));
    const handle = await open(file, 'r+');
    await handle.write(Buffer.from('\u0000\u0000garbage\u0000'), 0, 10, at);
    await handle.close();
    expect(ids((await store.page({ limit: 10 })).records)).toEqual(['call-5', 'call-3', 'call-1']);
    expect(await store.get('call-4')).toBeUndefined();
    expect((await store.get('call-3'))?.number.raw).toBe('0712000003');
  });

  it('never returns garbage to readers while appends and compactions run', async () => {
    const store = storeFor({ cap: 200, margin: 20 });
    for (let n = 1; n <= 200; n += 1) await store.append(entry(n));
    let next = 201;
    const writer = (async () => {
      for (let round = 0; round < 40; round += 1) {
        const batch = Array.from({ length: 5 }, () => store.append(entry(next++)));
        await Promise.all(batch);
      }
    })();
    const readers = Array.from({ length: 4 }, async () => {
      const pages: HistoryEntry[][] = [];
      for (let i = 0; i < 25; i += 1) {
        const page = await store.page({ limit: 60 });
        pages.push(page.records);
        if (page.next !== undefined)
          pages.push((await store.page({ limit: 60, before: page.next })).records);
      }
      return pages;
    });
    await writer;
    const pagesRead = (await Promise.all(readers)).flat();
    expect(pagesRead.length).toBeGreaterThan(100);
    for (const page of pagesRead) {
      expect(page.length).toBeGreaterThan(0);
      const numbers = page.map((r) => Number(r.id.slice('call-'.length)));
      // Whole records, newest first, one call number after another.
      for (let i = 1; i < numbers.length; i += 1) expect(numbers[i]).toBe(numbers[i - 1]! - 1);
      for (const record of page) expect(record).toEqual(entry(Number(record.id.slice(5))));
    }
    expect(ids((await store.page({ limit: 3 })).records)).toEqual(newestFirst(400, 398));
    expect((await store.health()).count).toBe(200);
  });

  it('keeps a file that is not a history aside, says so, and records new calls in a fresh one', async () => {
    const garbage = Buffer.from(
      Array.from({ length: 300_000 }, (_, i) => (i * 7919 + (i >> 3)) % 256),
    );
    await writeFile(file, garbage);
    const logger = new MemoryLogger();
    const store = storeFor({ logger });
    expect(await store.list()).toEqual([]);
    const health = await store.health();
    expect(health).toMatchObject({ count: 0, skippedLines: 0, tornLines: 0 });
    expect(health.setAside).toMatch(/call-history\.jsonl\.not-a-history-/);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/no call record.*kept aside.*fresh file/),
        fields: { file, keptAs: health.setAside },
      }),
    );
    // The bad file is kept as it was, byte for byte.
    expect(Buffer.compare(await readFile(health.setAside!), garbage)).toBe(0);

    await store.append(entry(1));
    expect(await readFile(file, 'utf8')).toBe(line(1));
    expect(ids(await storeFor().list())).toEqual(['call-1']);
    expect((await readdir(dir)).sort()).toEqual(
      ['call-history.jsonl', path.basename(health.setAside!)].sort(),
    );
  });

  it('reads a long binary run without newlines as one skipped line, keeping the records around it', async () => {
    const binary = Buffer.alloc(3 * 1024 * 1024, 0xff);
    await writeFile(
      file,
      Buffer.concat([Buffer.from(line(1)), binary, Buffer.from(`\n${line(2)}`)]),
    );
    const store = storeFor();
    expect(ids(await store.list())).toEqual(['call-2', 'call-1']);
    expect(await store.health()).toEqual({ count: 2, skippedLines: 1, tornLines: 0 });
  });

  it('streams every record newest first for the export', async () => {
    const store = storeFor();
    for (let n = 1; n <= 600; n += 1) await store.append(entry(n));
    const seen: string[] = [];
    for await (const record of store.each()) seen.push(record.id);
    expect(seen).toEqual(newestFirst(600, 1));
  });
});
