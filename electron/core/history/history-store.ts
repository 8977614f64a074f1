// The call history on disk: one JSON object per line, appended. Appending lines is the only
// write in normal operation, so a crash can at worst leave one unfinished last line, which the
// next start skips (and counts). Past the cap plus a margin the file is rewritten to a temp file
// and renamed over the old one, so a crash during compaction leaves the old file intact.
// A change to a kept record (a caller name that arrived later) is appended too, as a whole newer
// version with the same id: on load the later line wins and keeps the first line's place.
//
// Memory: only an index of where each kept record's line is (history-index.ts, 12 bytes a
// record); a page of records is read back from those byte ranges, a search streams the file.
// A file with no record in it at all but unreadable lines is not ours: it is kept aside under
// another name and a fresh file begins, so new calls are still recorded and nothing is lost.
//
// Writes are coalesced: a call while no write is in flight starts one at once; calls made while
// one is in flight wait for it and then go out together as ONE append, in call order. Each call
// resolves when the write holding its line has finished, so "resolved" still means "on disk"
// (as far as the OS is concerned, as before). No timer is involved: a lone call is never delayed.
// Over 300 lines: the write queue, the index upkeep (appends, compaction, reload after a failed
// write) and the page readers share one state and its generation; loading (history-load.ts)
// and search (history-search.ts) are apart.
import path from 'node:path';
import type { Logger } from '../ports.js';
import {
  DEFAULT_HISTORY_CAP,
  defaultSearchText,
  isHistoryRecord,
  type CallHistory,
  type HistoryHealth,
  type HistoryListOptions,
  type HistoryPage,
  type HistoryPageOptions,
  type HistoryRecordBase,
} from './history-entry.js';
import type { CallRecord } from '../screen-pop/call-record.js';
import { nodeHistoryFs, type HistoryFs } from './history-fs.js';
import { HistoryAppender } from './history-appender.js';
import {
  stageBatch,
  type KeptRecord,
  type Settle,
  type StagedBatch,
  type WriteOp,
} from './history-batch.js';
import { RecordIndex, idHash, type LineRange } from './history-index.js';
import { indexFile } from './history-load.js';
import { readRanges } from './history-reader.js';
import { searchLines } from './history-search.js';

export const HISTORY_FILE_NAME = 'call-history.jsonl';

/** Records per chunk written by compaction and per read of a search or export. */
const BATCH_RECORDS = 250;
/** A read that raced a compaction is done again against the new file, at most this often. */
const READ_ATTEMPTS = 5;
const NO_RANGE: LineRange = { offset: 0, length: 0 };

export interface HistoryStoreOptions<T extends HistoryRecordBase> {
  /** The JSON-lines file; or give `directory` and the standard file name is used. */
  file?: string;
  directory?: string;
  fs?: HistoryFs;
  /** Records kept (default 5,000). */
  cap?: number;
  /** Extra lines allowed before compaction (default cap / 10, at least 10). */
  margin?: number;
  /** Shape check for lines read back (default: has a string id and a time). */
  isRecord?: (value: unknown) => value is T;
  searchText?: (record: T) => string;
  logger?: Logger;
  /** Wall clock, for the name a file that is not ours is kept under. */
  now?: () => number;
}

type QueuedOp<T extends HistoryRecordBase> = WriteOp<T> | { kind: 'compact'; settle: Settle<void> };

export class HistoryStore<T extends HistoryRecordBase = CallRecord> implements CallHistory<T> {
  readonly file: string;
  private readonly fs: HistoryFs;
  private readonly appender: HistoryAppender;
  private readonly cap: number;
  private readonly margin: number;
  private readonly isRecord: (value: unknown) => value is T;
  private readonly searchText: (record: T) => string;
  private readonly logger: Logger | undefined;
  private readonly now: () => number;

  private index = new RecordIndex();
  /** Bumped whenever byte ranges taken from the index may no longer fit the file. */
  private generation = 0;
  /** Bytes in the file: where the next append's first line starts. */
  private fileSize = 0;
  /** Lines in the file now, valid or not: compaction is decided on this. */
  private fileLines = 0;
  private needsNewline = false;
  private skippedLines = 0;
  private tornLines = 0;
  private setAside: string | undefined;
  /** Set while a compaction renames its file over this one (see readLines). */
  private renaming: Promise<void> | undefined;
  private loaded: Promise<void> | undefined;
  /** Writes waiting for the one in flight, in call order. */
  private pending: QueuedOp<T>[] = [];
  /** The loop writing `pending`; undefined when idle. */
  private draining: Promise<void> | undefined;

  constructor(options: HistoryStoreOptions<T>) {
    const file =
      options.file ??
      (options.directory ? path.join(options.directory, HISTORY_FILE_NAME) : undefined);
    if (!file) throw new Error('HistoryStore needs a file or a directory');
    this.file = file;
    this.fs = options.fs ?? nodeHistoryFs;
    this.appender = new HistoryAppender(this.fs, file);
    this.cap = Math.max(1, options.cap ?? DEFAULT_HISTORY_CAP);
    this.margin = Math.max(0, options.margin ?? Math.max(10, Math.floor(this.cap / 10)));
    this.isRecord = options.isRecord ?? (isHistoryRecord as (value: unknown) => value is T);
    this.searchText = options.searchText ?? defaultSearchText;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  async append(record: T): Promise<void> {
    // Serialized now, so a caller changing its object afterwards does not change what is stored;
    // parsed back once, which checks the line as a later load will.
    const line = JSON.stringify(record);
    const stored: unknown = line === undefined ? undefined : JSON.parse(line);
    if (!this.isRecord(stored)) {
      throw new Error('history record must be a JSON object with a non-empty string id');
    }
    return this.enqueue<void>((settle) => ({ kind: 'append', record: stored, line, settle }));
  }

  /**
   * Merges `patch` into the record with this id and appends the new version (append-only, like
   * every other write). Resolves to the updated record, or undefined when the id is not kept.
   */
  async update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T | undefined> {
    return this.enqueue<T | undefined>((settle) => ({ kind: 'update', id, patch, settle }));
  }

  async list(options: HistoryListOptions = {}): Promise<T[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const query = options.query;
    return (await this.page(query === undefined ? { limit } : { limit, query })).records;
  }

  async page(options: HistoryPageOptions): Promise<HistoryPage<T>> {
    await this.ensureLoaded();
    const query = options.query?.trim().toLowerCase() ?? '';
    const index = this.index;
    const top = options.before === undefined ? index.count : index.positionOf(options.before);
    const topSequence = index.sequence(top);
    if (query) {
      return searchLines({
        query,
        topSequence,
        limit: options.limit,
        // From the newest record, so `total` counts every match, shown or not.
        newest: index.sequence(index.count),
        oldest: index.sequence(0),
        batch: BATCH_RECORDS,
        readLines: (sequences) => this.readLines(sequences),
        parse: (text) => this.parseLine(text),
        searchText: this.searchText,
      });
    }
    const count = Math.min(top, options.limit);
    const sequences = Array.from({ length: count }, (_, i) => topSequence - 1 - i);
    const records = (await this.readSequences(sequences)).filter((r) => r !== undefined);
    const last = sequences.at(-1);
    const hasOlder = last !== undefined && this.index.positionOf(last) > 0;
    const total = this.index.count;
    return hasOlder ? { records, total, next: last } : { records, total };
  }

  async *each(): AsyncIterable<T> {
    await this.ensureLoaded();
    const bottom = this.index.sequence(0);
    for (let top = this.index.sequence(this.index.count); top > bottom; top -= BATCH_RECORDS) {
      const count = Math.min(BATCH_RECORDS, top - bottom);
      const sequences = Array.from({ length: count }, (_, i) => top - 1 - i);
      for (const record of await this.readSequences(sequences)) if (record) yield record;
    }
  }

  async get(id: string): Promise<T | undefined> {
    return (await this.find(id))?.record;
  }

  async health(): Promise<HistoryHealth> {
    await this.ensureLoaded();
    return {
      count: this.index.count,
      skippedLines: this.skippedLines,
      tornLines: this.tornLines,
      ...(this.setAside === undefined ? {} : { setAside: this.setAside }),
    };
  }

  /** Rewrites the file with the newest `cap` records (temp file + rename), after queued writes. */
  async compact(): Promise<void> {
    return this.enqueue<void>((settle) => ({ kind: 'compact', settle }));
  }

  /** Waits for queued writes, then releases the file. The store reopens it if used again. */
  async close(): Promise<void> {
    while (this.draining) await this.draining;
    await this.appender.close();
  }

  /** The records at these sequence numbers (undefined where one is gone or unreadable). */
  private async readSequences(sequences: readonly number[]): Promise<(T | undefined)[]> {
    return (await this.readLines(sequences)).map((text) =>
      text === undefined ? undefined : this.parseLine(text),
    );
  }

  /**
   * The lines at these sequence numbers, read from the byte ranges the index has for them. An
   * append never moves a line; a compaction does. A read is trusted only when no compaction
   * renamed the file while it ran: the rename's own callback may come after the read's (the
   * thread pool does not order them), so `renaming` is set before the rename is even asked for.
   */
  private async readLines(sequences: readonly number[]): Promise<(string | undefined)[]> {
    for (let attempt = 1; ; attempt += 1) {
      while (this.renaming) await this.renaming;
      const generation = this.generation;
      const index = this.index;
      const ranges = sequences.map((sequence) => {
        const position = sequence - index.sequence(0);
        return position >= 0 && position < index.count ? index.range(position) : NO_RANGE;
      });
      const handle = await this.fs.openRead(this.file);
      let texts: (string | undefined)[] = sequences.map(() => undefined);
      if (handle) {
        try {
          texts = await readRanges(handle, ranges);
        } finally {
          await handle.close();
        }
      }
      const moved = this.renaming !== undefined || generation !== this.generation;
      if (!moved || attempt >= READ_ATTEMPTS) {
        return texts.map((text, i) => (ranges[i] === NO_RANGE ? undefined : text));
      }
    }
  }

  private enqueue<R>(make: (settle: Settle<R>) => QueuedOp<T>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push(make({ resolve, reject } as Settle<R>));
      this.draining ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      try {
        // Also lets the calls made in the same tick as the first one join its batch.
        await this.ensureLoaded();
      } catch (error) {
        for (const op of this.pending.splice(0)) op.settle.reject(error);
        continue;
      }
      const first = this.pending[0]!;
      if (first.kind === 'compact') {
        this.pending.shift();
        await this.rewrite().then(first.settle.resolve, first.settle.reject);
        continue;
      }
      const end = this.pending.findIndex((op) => op.kind === 'compact');
      const ops = this.pending.splice(0, end < 0 ? this.pending.length : end) as WriteOp<T>[];
      const written = await this.writeBatch(ops);
      if (!written) continue;
      if (this.fileLines > this.cap + this.margin) {
        // As before, the calls that crossed the limit resolve once the file is compacted. Their
        // lines are on disk already, so a failed compaction does not fail them: it is logged
        // and tried again after the next write.
        await this.rewrite().catch((error: unknown) => {
          this.logger?.warn('call history could not be compacted', { error: String(error) });
        });
      }
      written.resolve();
    }
    // Cleared in the same turn as the last emptiness check, so a call made after it starts a
    // new loop instead of joining one that has already finished. (Nothing above throws.)
    this.draining = undefined;
  }

  /** Writes one batch; the staged batch when it is on disk (not yet resolved), else undefined. */
  private async writeBatch(ops: readonly WriteOp<T>[]): Promise<StagedBatch | undefined> {
    let batch: StagedBatch;
    try {
      batch = stageBatch(this.index.count, this.cap, ops, await this.keptFor(ops));
    } catch (error) {
      for (const op of ops) op.settle.reject(error);
      return undefined;
    }
    if (batch.lines.length === 0) return batch;
    // After a torn last line, start on a fresh line so the new records stay readable.
    const lead = this.needsNewline ? '\n' : '';
    const text = `${lead}${batch.lines.map((l) => l.line).join('\n')}\n`;
    try {
      await this.appender.append(text);
    } catch (error) {
      // Part of the text may have reached the file: what is there is found out by loading
      // it again before the next read or write (a torn line is then skipped as on a start).
      this.loaded = undefined;
      batch.fail(error);
      return undefined;
    }
    let offset = this.fileSize + lead.length;
    for (const { line, id, replaces } of batch.lines) {
      const length = Buffer.byteLength(line);
      if (replaces === undefined) this.index.push(offset, length, idHash(id));
      else this.index.replace(replaces, offset, length);
      offset += length + 1;
    }
    this.index.keepNewest(this.cap);
    this.fileSize = offset;
    this.fileLines += batch.lines.length;
    this.needsNewline = false;
    return batch;
  }

  /** The current version of each kept record the batch's updates name, read from disk. */
  private async keptFor(ops: readonly WriteOp<T>[]): Promise<Map<string, KeptRecord<T>>> {
    const kept = new Map<string, KeptRecord<T>>();
    for (const op of ops) {
      if (op.kind !== 'update' || kept.has(op.id)) continue;
      const found = await this.find(op.id);
      if (found) kept.set(op.id, found);
    }
    return kept;
  }

  /** The kept record with this id and its position; ids are found by hash, then checked. */
  private async find(id: string): Promise<KeptRecord<T> | undefined> {
    await this.ensureLoaded();
    const index = this.index;
    const candidates = [...index.positionsWithHash(idHash(id))].map((p) => index.sequence(p));
    for (const sequence of candidates) {
      const [record] = await this.readSequences([sequence]);
      if (record?.id === id) return { position: this.index.positionOf(sequence), record };
    }
    return undefined;
  }

  private async rewrite(): Promise<void> {
    const temp = `${this.file}.tmp`;
    const index = this.index;
    const next = index.emptyLike();
    // Released before the rename, which replaces the file it points at (and fails on Windows
    // while it is open there); the next append opens the new file.
    await this.appender.close();
    await this.appender.ensureDir();
    let size = 0;
    const chunks = async function* (this: HistoryStore<T>): AsyncGenerator<string> {
      for (let start = 0; start < index.count; start += BATCH_RECORDS) {
        const end = Math.min(index.count, start + BATCH_RECORDS);
        const sequences = Array.from({ length: end - start }, (_, i) => index.sequence(start + i));
        let chunk = '';
        (await this.readLines(sequences)).forEach((text, i) => {
          if (text === undefined) return; // unreadable now: dropped rather than copied
          const length = Buffer.byteLength(text);
          next.push(size, length, index.hashAt(start + i));
          size += length + 1;
          chunk += `${text}\n`;
        });
        yield chunk;
      }
    }.call(this);
    if (this.fs.writeChunks) await this.fs.writeChunks(temp, chunks);
    else {
      let text = '';
      for await (const chunk of chunks) text += chunk;
      await this.fs.writeText(temp, text);
    }
    let renamed: () => void = () => undefined;
    this.renaming = new Promise<void>((resolve) => (renamed = resolve));
    try {
      await this.fs.rename(temp, this.file);
      this.index = next;
    } finally {
      this.generation += 1;
      this.renaming = undefined;
      renamed();
    }
    this.fileSize = size;
    this.fileLines = next.count;
    this.needsNewline = false;
    this.logger?.debug('call history compacted', { kept: next.count });
  }

  private ensureLoaded(): Promise<void> {
    this.loaded ??= this.load().catch((error: unknown) => {
      // Unreadable history is not fatal: start empty, say so, and try again next time.
      this.loaded = undefined;
      this.logger?.warn('call history could not be read', { error: String(error) });
      throw error;
    });
    return this.loaded;
  }

  /** Builds the index by streaming the file once; records are parsed and let go. */
  private async load(): Promise<void> {
    const scanned = await indexFile(this.fs, this.file, (text) => this.parseLine(text));
    let { size, endsWithNewline, skipped, torn } = scanned;
    const { index, valid } = scanned;
    if (valid === 0 && skipped > 0 && (await this.putAside())) {
      size = 0;
      endsWithNewline = true;
      skipped = 0;
      torn = 0;
    }
    index.keepNewest(this.cap);
    index.trim();
    this.index = index;
    this.generation += 1;
    this.fileSize = size;
    this.fileLines = valid + skipped + torn;
    this.needsNewline = !endsWithNewline;
    this.skippedLines = skipped;
    this.tornLines = torn;
    if (skipped + torn > 0) {
      this.logger?.warn('call history: unreadable lines skipped', { skipped, torn });
    }
  }

  /**
   * Not one record, only lines we cannot read: this is not a history we wrote (another
   * program's file, binary garbage). It is kept under another name, never deleted, and new
   * calls go to a fresh file. False when it could not be moved (it is then read as it is).
   */
  private async putAside(): Promise<boolean> {
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    const keptAs = `${this.file}.not-a-history-${stamp}`;
    try {
      await this.appender.close();
      await this.fs.rename(this.file, keptAs);
    } catch (error) {
      this.logger?.error('call history file is not a call history and could not be moved', {
        file: this.file,
        error: String(error),
      });
      return false;
    }
    this.setAside = keptAs;
    this.logger?.warn(
      'call history file holds no call record, only unreadable data: kept aside, new calls go to a fresh file',
      { file: this.file, keptAs },
    );
    return true;
  }

  private parseLine(line: string): T | undefined {
    try {
      const value: unknown = JSON.parse(line);
      return this.isRecord(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
}
