// HistoryStore.update: a later version of a record is appended (never rewritten in place); on
// load the later line wins and keeps the first line's position. Torn last lines, the cap and
// compaction keep working; the memory store behaves the same.
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HistoryStore,
  MemoryHistoryStore,
  type HistoryEntry,
} from '../../../electron/core/history/index.js';

type Named = HistoryEntry & { callerName?: string };

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-history-update-'));
  file = path.join(dir, 'h.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(n: number): Named {
  const raw = `07123456${String(n).padStart(2, '0')}`;
  return {
    id: `call-${n}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    direction: 'inbound',
    number: { raw, kind: 'external' },
    outcome: 'opened',
  };
}

const lines = async (): Promise<string[]> =>
  (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');

describe('HistoryStore.update', () => {
  it('appends a newer version that wins on reload, in the original position', async () => {
    const store = new HistoryStore<Named>({ file });
    for (const n of [1, 2, 3]) await store.append(entry(n));
    const updated = await store.update('call-2', { callerName: 'Ion Popescu' });
    expect(updated).toMatchObject({ id: 'call-2', callerName: 'Ion Popescu', outcome: 'opened' });
    expect(await lines()).toHaveLength(4); // append-only: three calls and one newer version

    const listed = await store.list();
    expect(listed.map((r) => [r.id, r.callerName])).toEqual([
      ['call-3', undefined],
      ['call-2', 'Ion Popescu'],
      ['call-1', undefined],
    ]);
    const reloaded = new HistoryStore<Named>({ file });
    expect((await reloaded.list()).map((r) => [r.id, r.callerName])).toEqual([
      ['call-3', undefined],
      ['call-2', 'Ion Popescu'],
      ['call-1', undefined],
    ]);
    expect((await reloaded.list({ query: 'popescu' })).map((r) => r.id)).toEqual(['call-2']);
    expect((await reloaded.health()).count).toBe(3);
  });

  it('answers undefined for an unknown id and writes nothing', async () => {
    const store = new HistoryStore<Named>({ file });
    await store.append(entry(1));
    expect(await store.update('call-9', { callerName: 'X' })).toBeUndefined();
    expect(await lines()).toHaveLength(1);
  });

  it('cannot change the id, and the returned copy does not alias the store', async () => {
    const store = new HistoryStore<Named>({ file });
    await store.append(entry(1));
    const patch = { callerName: 'A', id: 'other' } as Partial<Named>;
    const updated = await store.update('call-1', patch);
    expect(updated?.id).toBe('call-1');
    updated!.callerName = 'changed by the caller';
    expect((await store.get('call-1'))?.callerName).toBe('A');
  });

  it('survives a torn last line before and after an update', async () => {
    const store = new HistoryStore<Named>({ file });
    await store.append(entry(1));
    await appendFile(file, '{"id":"call-2","time":"2026'); // a crash mid-write
    const after = new HistoryStore<Named>({ file });
    expect(await after.update('call-1', { callerName: 'Maria' })).toBeDefined();
    const reloaded = new HistoryStore<Named>({ file });
    expect((await reloaded.list()).map((r) => [r.id, r.callerName])).toEqual([['call-1', 'Maria']]);
    expect((await reloaded.health()).skippedLines).toBe(1); // the torn line is now a middle line

    // A torn newer version: the older complete version stays.
    await appendFile(file, `{"id":"call-1","callerName":"Tor`);
    const torn = new HistoryStore<Named>({ file });
    expect((await torn.get('call-1'))?.callerName).toBe('Maria');
    expect((await torn.health()).tornLines).toBe(1);
  });

  it('keeps the cap: updates count as lines and compaction keeps one version per call', async () => {
    const store = new HistoryStore<Named>({ file, cap: 3, margin: 2 });
    for (const n of [1, 2, 3]) await store.append(entry(n));
    await store.update('call-1', { callerName: 'One' });
    await store.update('call-3', { callerName: 'Three' });
    // 3 calls + 2 versions = cap + margin: not yet compacted.
    expect(await lines()).toHaveLength(5);
    await store.update('call-2', { callerName: 'Two' });
    // Past cap + margin: rewritten with one line per kept call, newest version of each.
    const rewritten = (await lines()).map((l) => JSON.parse(l) as Named);
    expect(rewritten.map((r) => [r.id, r.callerName])).toEqual([
      ['call-1', 'One'],
      ['call-2', 'Two'],
      ['call-3', 'Three'],
    ]);
    await store.append(entry(4));
    const reloaded = new HistoryStore<Named>({ file, cap: 3, margin: 2 });
    expect((await reloaded.list()).map((r) => r.id)).toEqual(['call-4', 'call-3', 'call-2']);
    expect((await reloaded.get('call-3'))?.callerName).toBe('Three');
  });
});

describe('MemoryHistoryStore.update', () => {
  it('replaces the record in place and ignores unknown ids', async () => {
    const store = new MemoryHistoryStore<Named>();
    for (const n of [1, 2]) await store.append(entry(n));
    expect(await store.update('call-1', { callerName: 'Ana' })).toMatchObject({
      callerName: 'Ana',
    });
    expect(await store.update('nope', { callerName: 'X' })).toBeUndefined();
    expect((await store.list()).map((r) => [r.id, r.callerName])).toEqual([
      ['call-2', undefined],
      ['call-1', 'Ana'],
    ]);
  });
});
