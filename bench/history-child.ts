// One history file opened by the real HistoryStore in a process of its own (run with
// --expose-gc), so the heap it measures holds nothing but the store: what the store keeps per
// record after loading N records is the heap delta after GC. Timings are for the first page.
import { performance } from 'node:perf_hooks';
import { HistoryStore } from '../electron/core/history/history-store.js';
import type { HistoryEntry } from '../electron/core/history/history-entry.js';

const PAGE = 50;

async function settledBytes(): Promise<{ heap: number; arrayBuffers: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i += 1) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed, arrayBuffers };
}

async function main(): Promise<void> {
  const file = process.env.HISTORY_FILE!;
  const cap = Number(process.env.HISTORY_CAP);
  const before = await settledBytes();
  const store = new HistoryStore<HistoryEntry>({ file, cap });
  let started = performance.now();
  const first = await store.list({ limit: PAGE });
  const openAndFirstPageMs = performance.now() - started;
  started = performance.now();
  const again = await store.list({ limit: PAGE });
  const firstPageMs = performance.now() - started;
  started = performance.now();
  const found = await store.list({ query: process.env.HISTORY_QUERY ?? '', limit: PAGE });
  const queryMs = performance.now() - started;
  const count = (await store.health()).count;
  const after = await settledBytes();
  // Keeps the store (and what it holds) alive through the measurement above.
  (globalThis as { keep?: unknown }).keep = store;
  process.send!({
    gc: typeof (globalThis as { gc?: unknown }).gc === 'function',
    count,
    pageLength: first.length,
    newestId: again[0]?.id,
    queryHits: found.length,
    heapDelta: after.heap - before.heap,
    arrayBuffersDelta: after.arrayBuffers - before.arrayBuffers,
    openAndFirstPageMs,
    firstPageMs,
    queryMs,
  });
}

void main();
