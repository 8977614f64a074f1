// A search over the history on disk: the lines are read a batch at a time, newest first, and
// only those whose raw text holds the query are parsed (the raw line is a superset of the
// search text: it also holds the trace). Other work runs between batches, so a search of a
// long history does not hold the event loop for its whole length.
import { compactNumberQuery, matchesQuery, type HistoryPage } from './history-entry.js';

export interface SearchLinesOptions<T> {
  /** Trimmed, lowercased, not empty. */
  query: string;
  /** The page holds matches older than this sequence number. */
  topSequence: number;
  limit: number;
  /** The sequence numbers searched: `oldest` ≤ s < `newest`. */
  newest: number;
  oldest: number;
  batch: number;
  readLines(sequences: readonly number[]): Promise<(string | undefined)[]>;
  parse(text: string): T | undefined;
  searchText(record: T): string;
}

/** One page of matches and the count of all of them (every line is looked at). */
export async function searchLines<T>(options: SearchLinesOptions<T>): Promise<HistoryPage<T>> {
  const { query, topSequence, limit } = options;
  const numberQuery = compactNumberQuery(query);
  const records: T[] = [];
  let total = 0;
  let next: number | undefined;
  let lastShown: number | undefined;
  for (let top = options.newest; top > options.oldest; top -= options.batch) {
    const sequences = Array.from(
      { length: Math.min(options.batch, top - options.oldest) },
      (_, i) => top - 1 - i,
    );
    const texts = await options.readLines(sequences);
    texts.forEach((text, i) => {
      if (text === undefined) return;
      const lower = text.toLowerCase();
      if (!lower.includes(query) && !(numberQuery && lower.includes(numberQuery))) return;
      const record = options.parse(text);
      if (!record || !matchesQuery(record, query, options.searchText)) return;
      total += 1;
      const sequence = sequences[i]!;
      if (sequence >= topSequence) return;
      if (records.length < limit) {
        records.push(record);
        lastShown = sequence;
      } else next ??= lastShown;
    });
  }
  return next === undefined ? { records, total } : { records, total, next };
}
