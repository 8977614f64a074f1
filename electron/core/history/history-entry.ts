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

export interface HistoryHealth {
  /** Records currently held. */
  count: number;
  /** Lines that were not a valid record (garbage, edited by hand, wrong shape). */
  skippedLines: number;
  /** An unfinished last line (a crash mid-write), skipped. */
  tornLines: number;
}

/** The port the tray, the IPC layer and the CLI use; file-backed or in memory. */
export interface CallHistory<T extends HistoryRecordBase = CallRecord> {
  append(record: T): Promise<void>;
  /** A newer version of a kept record (patch merged in); undefined when the id is not kept. */
  update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T | undefined>;
  list(options?: HistoryListOptions): Promise<T[]>;
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
