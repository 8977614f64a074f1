// A history that lives in memory only: for tests, `render` dry runs and `run --no-history`.
import {
  DEFAULT_HISTORY_CAP,
  defaultSearchText,
  selectPage,
  selectRecords,
  type CallHistory,
  type HistoryHealth,
  type HistoryListOptions,
  type HistoryPage,
  type HistoryPageOptions,
  type HistoryRecordBase,
} from './history-entry.js';
import type { CallRecord } from '../screen-pop/call-record.js';

export class MemoryHistoryStore<
  T extends HistoryRecordBase = CallRecord,
> implements CallHistory<T> {
  private records: T[] = [];
  private readonly cap: number;

  constructor(options: { cap?: number } = {}) {
    this.cap = options.cap ?? DEFAULT_HISTORY_CAP;
  }

  async append(record: T): Promise<void> {
    // A deep copy, so a caller changing its object later does not rewrite history.
    this.records.push(structuredClone(record));
    if (this.records.length > this.cap) this.records.splice(0, this.records.length - this.cap);
  }

  async update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T | undefined> {
    const index = this.records.findLastIndex((r) => r.id === id);
    if (index < 0) return undefined;
    const next = structuredClone({ ...this.records[index]!, ...patch, id } as T);
    this.records[index] = next;
    return structuredClone(next);
  }

  async list(options: HistoryListOptions = {}): Promise<T[]> {
    return selectRecords(this.records, options, defaultSearchText);
  }

  async page(options: HistoryPageOptions): Promise<HistoryPage<T>> {
    return selectPage(this.records, options, defaultSearchText);
  }

  async *each(): AsyncIterable<T> {
    yield* [...this.records].reverse();
  }

  async get(id: string): Promise<T | undefined> {
    return this.records.findLast((r) => r.id === id);
  }

  async health(): Promise<HistoryHealth> {
    return { count: this.records.length, skippedLines: 0, tornLines: 0 };
  }
}
