// HistoryStore write coalescing: calls made while a write is in flight go out together as one
// append, in call order; each call resolves only once its line is in the file; a failed write
// rejects exactly the calls of its batch and the store keeps working. Real files in a temp dir;
// the only stand-in is a gate (or a fault) at the file-system port, to hold a write in flight.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HistoryStore,
  nodeHistoryFs,
  type HistoryEntry,
  type HistoryFs,
} from '../../../electron/core/history/index.js';

type Named = HistoryEntry & { callerName?: string };

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-history-coalesce-'));
  file = path.join(dir, 'h.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(n: number): Named {
  const raw = `0712${String(n).padStart(6, '0')}`;
  return {
    id: `call-${n}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    direction: 'inbound',
    number: { raw, kind: 'external' },
    outcome: 'opened',
  };
}

const idsOnDisk = async (): Promise<string[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as Named).id);

/** The real file system, recording every append and able to hold or fail the next ones. */
class GatedFs {
  readonly writes: string[] = [];
  opens = 0;
  dirs = 0;
  chunks: string[] = [];
  private gate: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private failures = 0;

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }
  open(): void {
    const release = this.release;
    this.gate = undefined;
    release?.();
  }
  failNext(count = 1): void {
    this.failures = count;
  }

  readonly fs: HistoryFs = {
    ...nodeHistoryFs,
    ensureDir: async (p) => {
      this.dirs += 1;
      await nodeHistoryFs.ensureDir(p);
    },
    openAppend: async (p) => {
      this.opens += 1;
      const handle = await nodeHistoryFs.openAppend!(p);
      return {
        append: async (text) => {
          // Whether this write fails is decided when it starts, so a test can arm a failure
          // for the batch queued behind a write already in flight.
          const fail = this.failures > 0;
          if (fail) this.failures -= 1;
          this.writes.push(text);
          if (this.gate) await this.gate;
          if (fail) throw new Error('disk full (test)');
          await handle.append(text);
        },
        close: () => handle.close(),
      };
    },
    writeChunks: async (p, chunks) => {
      const seen: string[] = [];
      for await (const chunk of chunks) seen.push(chunk);
      this.chunks.push(...seen);
      await nodeHistoryFs.writeChunks!(
        p,
        (async function* () {
          yield* seen;
        })(),
      );
    },
  };
}

/** Lets pending promise callbacks and file operations run. */
const settleFor = async (ms: number): Promise<void> => {
  const until = Date.now() + ms;
  while (Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
};

describe('HistoryStore write coalescing', () => {
  it('writes a lone call at once, then everything queued behind it as one append, in order', async () => {
    const gated = new GatedFs();
    const store = new HistoryStore<Named>({ file, fs: gated.fs, cap: 1000 });
    await store.append(entry(0)); // loaded, file open
    expect(gated.writes).toHaveLength(1);

    gated.hold();
    const first = store.append(entry(1));
    await settleFor(20);
    expect(gated.writes).toHaveLength(2); // the lone call went out without waiting for anything

    const settled = new Set<number>();
    const rest = Array.from({ length: 200 }, (_, i) =>
      store.append(entry(i + 2)).then(() => settled.add(i + 2)),
    );
    await settleFor(20);
    expect(gated.writes).toHaveLength(2); // queued behind the write in flight
    expect(settled.size).toBe(0);

    gated.open();
    await Promise.all([first, ...rest]);
    expect(gated.writes).toHaveLength(3); // 200 calls, one append
    expect(gated.writes[2]!.split('\n').filter((l) => l !== '')).toHaveLength(200);
    expect(await idsOnDisk()).toEqual(Array.from({ length: 202 }, (_, i) => `call-${i}`));
    expect((await store.list({ limit: 3 })).map((r) => r.id)).toEqual([
      'call-201',
      'call-200',
      'call-199',
    ]);
    expect(gated.opens).toBe(1); // one handle for every write
    expect(gated.dirs).toBe(1); // the folder made once
  });

  it('resolves each call only once its line can be read from the file', async () => {
    const store = new HistoryStore<Named>({ file, cap: 1000 });
    const missing: string[] = [];
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.append(entry(i)).then(() => {
          // Read synchronously, in the resolution itself: nothing else can write in between.
          if (!readFileSync(file, 'utf8').includes(`"id":"call-${i}"`)) missing.push(`call-${i}`);
        }),
      ),
    );
    expect(missing).toEqual([]);
    expect(await idsOnDisk()).toHaveLength(300);
  });

  it('rejects exactly the calls of a failed batch and keeps working afterwards', async () => {
    const gated = new GatedFs();
    const store = new HistoryStore<Named>({ file, fs: gated.fs, cap: 1000 });
    await store.append(entry(1));

    gated.hold();
    const inFlight = store.append(entry(2));
    await settleFor(10);
    const doomed = [
      store.append(entry(3)),
      store.update('call-1', { callerName: 'Lost' }),
      store.append(entry(4)),
    ].map((p) =>
      p.then(
        () => 'resolved',
        (error: Error) => error.message,
      ),
    );
    const missed = store.update('call-99', { callerName: 'nobody' }); // not kept: writes nothing
    gated.failNext(); // the batch queued behind call-2
    gated.open();

    await expect(inFlight).resolves.toBeUndefined();
    expect(await Promise.all(doomed)).toEqual([
      'disk full (test)',
      'disk full (test)',
      'disk full (test)',
    ]);
    await expect(missed).resolves.toBeUndefined();
    expect(gated.writes).toHaveLength(3); // call-1, call-2, then the failed batch as one write
    expect(await idsOnDisk()).toEqual(['call-1', 'call-2']);
    // Memory is as if the failed calls had never been made.
    expect((await store.list()).map((r) => r.id)).toEqual(['call-2', 'call-1']);
    expect((await store.get('call-1'))?.callerName).toBeUndefined();

    // The store goes on: the handle is reopened and the folder made again, once.
    await store.append(entry(5));
    expect(await store.update('call-1', { callerName: 'Ana' })).toMatchObject({
      callerName: 'Ana',
    });
    expect(gated.opens).toBe(2);
    expect(gated.dirs).toBe(2);
    const reloaded = new HistoryStore<Named>({ file });
    expect((await reloaded.list()).map((r) => [r.id, r.callerName])).toEqual([
      ['call-5', undefined],
      ['call-2', undefined],
      ['call-1', 'Ana'],
    ]);
    expect(await reloaded.health()).toEqual({ count: 3, skippedLines: 0, tornLines: 0 });
  });

  it('works out updates queued with appends as if they ran one by one', async () => {
    const gated = new GatedFs();
    const store = new HistoryStore<Named>({ file, fs: gated.fs, cap: 3, margin: 100 });
    await store.append(entry(1));
    gated.hold();
    const inFlight = store.append(entry(2));
    await settleFor(10);
    const queued = Promise.all([
      store.append(entry(3)),
      store.update('call-3', { callerName: 'New in this batch' }),
      store.append(entry(4)), // pushes call-1 out of the 3 kept
      store.update('call-1', { callerName: 'Too late' }),
      store.update('call-2', { callerName: 'Kept' }),
    ]);
    gated.open();
    await inFlight;
    const [, three, , one, two] = await queued;
    expect(three).toMatchObject({ id: 'call-3', callerName: 'New in this batch' });
    expect(one).toBeUndefined();
    expect(two).toMatchObject({ id: 'call-2', callerName: 'Kept' });
    expect(gated.writes).toHaveLength(3);
    expect((await store.list()).map((r) => [r.id, r.callerName])).toEqual([
      ['call-4', undefined],
      ['call-3', 'New in this batch'],
      ['call-2', 'Kept'],
    ]);
    const reloaded = new HistoryStore<Named>({ file, cap: 3 });
    expect((await reloaded.list()).map((r) => [r.id, r.callerName])).toEqual([
      ['call-4', undefined],
      ['call-3', 'New in this batch'],
      ['call-2', 'Kept'],
    ]);
  });

  it('compacts in chunks through a temp file, reopens the new file and keeps mode 0600', async () => {
    const gated = new GatedFs();
    const store = new HistoryStore<Named>({ file, fs: gated.fs, cap: 600, margin: 10 });
    for (let n = 0; n < 610; n += 1) await store.append(entry(n));
    expect(gated.chunks).toEqual([]);
    await store.append(entry(610)); // 611 lines > 600 + 10
    expect(gated.chunks.length).toBeGreaterThanOrEqual(3); // never the whole file as one text
    expect(
      gated.chunks
        .join('')
        .split('\n')
        .filter((l) => l !== ''),
    ).toHaveLength(600);
    expect(await idsOnDisk()).toEqual(Array.from({ length: 600 }, (_, i) => `call-${i + 11}`));
    await Promise.all([store.append(entry(611)), store.append(entry(612))]);
    expect((await idsOnDisk()).slice(-3)).toEqual(['call-610', 'call-611', 'call-612']);
    expect(gated.opens).toBe(2); // the handle was released for the rename and opened again
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    await store.close();
    await store.append(entry(613)); // usable after close: opens again
    expect((await idsOnDisk()).at(-1)).toBe('call-613');
  });

  it('creates a new file with mode 0600', async () => {
    const store = new HistoryStore<Named>({ directory: path.join(dir, 'nested', 'deeper') });
    await Promise.all([store.append(entry(1)), store.append(entry(2))]);
    await store.close();
    if (process.platform !== 'win32') {
      expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    }
    expect((await readFile(store.file, 'utf8')).split('\n')).toHaveLength(3);
  });
});
