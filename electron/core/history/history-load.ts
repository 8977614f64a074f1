// Opening the history: one streaming pass over the file that builds the record index and
// counts what is not a record. Records are parsed to be checked and let go; only the index
// (and, while this pass runs, a map of ids to positions) stays.
import type { HistoryFs } from './history-fs.js';
import { RecordIndex, idHash } from './history-index.js';
import { scanLines } from './history-reader.js';

export interface IndexedFile {
  index: RecordIndex;
  /** Bytes in the file: where the next append starts. */
  size: number;
  endsWithNewline: boolean;
  /** Lines that are records (newer versions of a record included). */
  valid: number;
  /** Complete lines that are not a record (garbage, wrong shape, too long). */
  skipped: number;
  /** An unfinished last line that is not a record (a crash mid-write). */
  torn: number;
}

/** Indexes `file` (an empty index when it does not exist); `parse` checks one line. */
export async function indexFile(
  fs: HistoryFs,
  file: string,
  parse: (text: string) => { id: string } | undefined,
): Promise<IndexedFile> {
  const index = new RecordIndex();
  const found: IndexedFile = {
    index,
    size: 0,
    endsWithNewline: true,
    valid: 0,
    skipped: 0,
    torn: 0,
  };
  // A later line with a known id is a newer version of that record (update()): it replaces
  // the older one in place, so the call keeps its position in the list.
  const positions = new Map<string, number>();
  const handle = await fs.openRead(file);
  if (!handle) return found;
  try {
    const summary = await scanLines(handle, (text, range, terminated) => {
      const record = text === undefined ? undefined : parse(text);
      if (!record) {
        if (terminated) found.skipped += 1;
        else found.torn += 1;
        return;
      }
      found.valid += 1;
      const at = positions.get(record.id);
      if (at === undefined) {
        positions.set(record.id, index.count);
        index.push(range.offset, range.length, idHash(record.id));
      } else index.replace(at, range.offset, range.length);
    });
    found.size = summary.size;
    found.endsWithNewline = summary.endsWithNewline;
  } finally {
    await handle.close();
  }
  return found;
}
