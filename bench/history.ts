// BENCH_ONLY=history: what the call history costs in memory and time with 5,000 and 100,000
// records on disk. Each size is opened by the real HistoryStore in a child process of its own
// (--expose-gc), so the heap delta after GC is what the store keeps, not what the bench made.
import { fork } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from './stats.js';

export interface HistorySizeResult {
  records: number;
  fileMb: number;
  /** Heap used plus ArrayBuffer memory (typed arrays live there), after GC, minus before. */
  retainedMb: number;
  heapDeltaMb: number;
  arrayBuffersDeltaMb: number;
  openAndFirstPageMs: number;
  firstPageMs: number;
  queryMs: number;
  queryHits: number;
}

/** A record shaped and sized like the screen-pop pipeline's CallRecord (with its rule trace). */
export function sampleHistoryRecord(n: number): Record<string, unknown> {
  const national = `0712${String(n % 1_000_000).padStart(6, '0')}`;
  const number = {
    raw: national,
    e164: `+40${national.slice(1)}`,
    national,
    digits: national,
    kind: 'external',
  };
  const url = `https://crm.example.com/contacts?phone=%2B40${national.slice(1)}&call=${n}`;
  return {
    id: `call-${n}-${(n * 2_654_435_761) % 4_294_967_296}`,
    direction: n % 3 === 0 ? 'outbound' : 'inbound',
    number,
    crmId: 'crm-1',
    receivedAt: 1_780_000_000_000 + n * 1000,
    handledAt: 1_780_000_000_002 + n * 1000,
    latencyMs: 0.4,
    trace: {
      direction: 'inbound',
      number,
      tried: [
        {
          index: 0,
          name: 'Internal extensions',
          matched: false,
          checks: { direction: { ok: true, detail: 'any direction' } },
          why: 'the number is not internal',
        },
        {
          index: 1,
          name: 'CRM contact',
          matched: true,
          checks: { direction: { ok: true, detail: 'inbound' } },
          why: 'matched: inbound, external number',
        },
      ],
      winners: [1],
      actions: [{ kind: 'open', ok: true, url, pop: 'auto', ruleName: 'CRM contact' }],
      summary: `Rule "CRM contact" opens ${url}`,
    },
    outcome: { kind: 'popped' },
    actions: [{ kind: 'open', ruleName: 'CRM contact', url, ok: true }],
    pendingClick: false,
  };
}

async function writeHistoryFile(file: string, records: number): Promise<number> {
  const handle = await open(file, 'w', 0o600);
  let bytes = 0;
  try {
    for (let start = 0; start < records; start += 1000) {
      let chunk = '';
      for (let n = start; n < Math.min(records, start + 1000); n += 1) {
        chunk += `${JSON.stringify(sampleHistoryRecord(n))}\n`;
      }
      bytes += Buffer.byteLength(chunk);
      await handle.writeFile(chunk, 'utf8');
    }
  } finally {
    await handle.close();
  }
  return bytes;
}

function measureInChild(file: string, records: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = fork(join(import.meta.dirname, 'history-child.js'), [], {
      execArgv: ['--expose-gc'],
      env: {
        ...process.env,
        HISTORY_FILE: file,
        HISTORY_CAP: String(records),
        // A number typed the way agents read it, matching one record.
        HISTORY_QUERY: '0712 000 042',
      },
    });
    child.once('message', (message) => resolve(message as Record<string, number>));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`history child exited with ${code}`));
    });
  });
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 100) / 100;
const ms = (value: number): number => Math.round(value * 10) / 10;

export async function benchHistory(sizes = [5_000, 100_000]): Promise<HistorySizeResult[]> {
  const results: HistorySizeResult[] = [];
  for (const records of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'bench-history-'));
    try {
      const file = join(dir, 'call-history.jsonl');
      const bytes = await writeHistoryFile(file, records);
      const m = await measureInChild(file, records);
      if (m.count !== records) throw new Error(`history child saw ${m.count} of ${records}`);
      results.push({
        records,
        fileMb: mb(bytes),
        retainedMb: mb(m.heapDelta! + m.arrayBuffersDelta!),
        heapDeltaMb: mb(m.heapDelta!),
        arrayBuffersDeltaMb: mb(m.arrayBuffersDelta!),
        openAndFirstPageMs: ms(m.openAndFirstPageMs!),
        firstPageMs: ms(m.firstPageMs!),
        queryMs: ms(m.queryMs!),
        queryHits: m.queryHits!,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return results;
}

/** The bench's rows for these results (goals: < 2 MB kept for 100k; first page < 50 ms). */
export function historyRows(results: readonly HistorySizeResult[]): string[][] {
  return results.map((r) => [
    `7. history, ${r.records.toLocaleString('en')} records on disk (${r.fileMb} MB)`,
    `kept after GC ${r.retainedMb} MB (heap ${r.heapDeltaMb}, typed arrays ${r.arrayBuffersDeltaMb}); open + first page ${r.openAndFirstPageMs} ms, first page ${r.firstPageMs} ms, search ${r.queryMs} ms (${r.queryHits} hit)`,
    'kept < 2 MB; first page < 50 ms',
    r.retainedMb < 2 && r.firstPageMs < 50 ? 'met' : 'NOT met',
  ]);
}

/** Runs the history bench on its own and prints its rows. */
export async function runHistoryBench(): Promise<void> {
  const rows = historyRows(await benchHistory());
  process.stdout.write(`${table([['benchmark', 'figure', 'goal', 'verdict'], ...rows])}\n`);
}
