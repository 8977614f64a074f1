// One remembered call. Kept loose and JSON-serialisable: the screen-pop pipeline owns the exact
// trace shape, the history only stores it and shows it back.
import type { CallDirection } from '../calls.js';
import type { CallRecord } from '../screen-pop/call-record.js';

/** What every stored record needs: an id to find it again. Records are kept in arrival order. */
export interface HistoryRecordBase {
  id: string;
}

/** A flat, loose record (the CSV row shape); the pipeline's CallRecord converts to it. */
export interface HistoryEntry extends HistoryRecordBase {
  /** ISO 8601. */
  time: string;
  direction: CallDirection;
  number: {
    raw: string;
    e164?: string | undefined;
    national?: string;
    digits?: string;
    kind?: string;
  };
  /** Name of the rule that acted, if any. */
  rule?: string;
  /** Short outcome: "opened", "ran", "suppressed", "no rule", "failed", … */
  outcome: string;
  /** The URL / argv that ran, or why nothing ran. */
  detail?: string;
  /** The rule trace, as the screen-pop pipeline produced it. */
  trace?: unknown;
}

/** Default check for a line read back from disk. */
export function isHistoryRecord(value: unknown): value is HistoryRecordBase {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && record.id !== '';
}

export interface HistoryListOptions {
  /** At most this many, newest first (default: all). */
  limit?: number;
  /** Case-insensitive text that must appear in the record (number, outcome, rule, …). */
  query?: string;
}

export interface HistoryPageOptions {
  /** Records on this page (newest first). */
  limit: number;
  /** Case-insensitive text that must appear in the record, as for list(). */
  query?: string;
  /** A page's `next`: this page starts with the records older than the last one shown. */
  before?: number;
}

export interface HistoryPage<T> {
  records: T[];
  /** Records kept, or those matching the query. */
  total: number;
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: number;
}

export interface HistoryHealth {
  /** Records currently held. */
  count: number;
  /** Lines that were not a valid record (garbage, edited by hand, wrong shape). */
  skippedLines: number;
  /** An unfinished last line (a crash mid-write), skipped. */
  tornLines: number;
  /** A file found that was not a call history: where it was kept, before a fresh file began. */
  setAside?: string;
}

/** The port the tray, the IPC layer and the CLI use; file-backed or in memory. */
export interface CallHistory<T extends HistoryRecordBase = CallRecord> {
  append(record: T): Promise<void>;
  /** A newer version of a kept record (patch merged in); undefined when the id is not kept. */
  update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T | undefined>;
  list(options?: HistoryListOptions): Promise<T[]>;
  /** One page, newest first, with a cursor for the next: how the history window reads it. */
  page(options: HistoryPageOptions): Promise<HistoryPage<T>>;
  /** Every kept record, newest first, a few at a time (the CSV export streams from this). */
  each(): AsyncIterable<T>;
  get(id: string): Promise<T | undefined>;
  health(): Promise<HistoryHealth>;
}

export const DEFAULT_HISTORY_CAP = 5000;

/** Newest first, filtered and limited: shared by both stores so they behave the same. */
export function selectRecords<T extends HistoryRecordBase>(
  oldestFirst: readonly T[],
  options: HistoryListOptions,
  searchText: (record: T) => string,
): T[] {
  const query = options.query?.trim().toLowerCase();
  const numberQuery = query ? compactNumberQuery(query) : undefined;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const out: T[] = [];
  for (let i = oldestFirst.length - 1; i >= 0 && out.length < limit; i -= 1) {
    const record = oldestFirst[i]!;
    if (query) {
      const text = searchText(record).toLowerCase();
      if (!text.includes(query) && !(numberQuery && text.includes(numberQuery))) continue;
    }
    out.push(record);
  }
  return out;
}

/** Whether `record` matches a list()/page() query (lowercased, trimmed; empty matches all). */
export function matchesQuery<T>(
  record: T,
  query: string,
  searchText: (record: T) => string,
): boolean {
  if (!query) return true;
  const text = searchText(record).toLowerCase();
  const numberQuery = compactNumberQuery(query);
  return text.includes(query) || (numberQuery !== undefined && text.includes(numberQuery));
}

/** A page of records held in memory (oldest first); sequence numbers are array positions. */
export function selectPage<T extends HistoryRecordBase>(
  oldestFirst: readonly T[],
  options: HistoryPageOptions,
  searchText: (record: T) => string,
): HistoryPage<T> {
  const query = options.query?.trim().toLowerCase() ?? '';
  const top = Math.min(oldestFirst.length, options.before ?? oldestFirst.length);
  const records: T[] = [];
  let total = 0;
  let next: number | undefined;
  for (let i = oldestFirst.length - 1; i >= 0; i -= 1) {
    if (!matchesQuery(oldestFirst[i]!, query, searchText)) continue;
    total += 1;
    if (i >= top) continue;
    if (records.length < options.limit) records.push(oldestFirst[i]!);
    else next ??= i + 1;
  }
  return next === undefined ? { records, total } : { records, total, next };
}

/**
 * "0712 345", "(0712) 345-678", "+40 712…": agents type numbers the way they read them, while
 * records keep them without separators; such a query also matches in its compact form.
 */
export function compactNumberQuery(query: string): string | undefined {
  if (!/^[+\d\s().\-/]+$/.test(query)) return undefined;
  const compact = query.replace(/[\s().\-/]/g, '');
  return /\d{3}/.test(compact) && compact !== query ? compact : undefined;
}

/** Default search text: every string and number in the record except the bulky trace. */
export function defaultSearchText(record: HistoryRecordBase): string {
  const { trace: _trace, ...rest } = record as HistoryRecordBase & { trace?: unknown };
  return JSON.stringify(rest);
}
