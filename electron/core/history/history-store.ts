// The call history on disk: one JSON object per line, appended. Appending lines is the only
// write in normal operation, so a crash can at worst leave one unfinished last line, which the
// next start skips (and counts). Past the cap plus a margin the file is rewritten to a temp file
// and renamed over the old one, so a crash during compaction leaves the old file intact.
// A change to a kept record (a caller name that arrived later) is appended too, as a whole newer
// version with the same id: on load the later line wins and keeps the first line's place.
//
// Writes are coalesced: a call while no write is in flight starts one at once; calls made while
// one is in flight wait for it and then go out together as ONE append, in call order. Each call
// resolves when the write holding its line has finished, so "resolved" still means "on disk"
// (as far as the OS is concerned, as before). No timer is involved: a lone call is never delayed.
import path from 'node:path';
import type { Logger } from '../ports.js';
import {
  DEFAULT_HISTORY_CAP,
  defaultSearchText,
  isHistoryRecord,
  selectRecords,
  type CallHistory,
  type HistoryHealth,
  type HistoryListOptions,
  type HistoryRecordBase,
} from './history-entry.js';
import type { CallRecord } from '../screen-pop/call-record.js';
import { nodeHistoryFs, type HistoryFs } from './history-fs.js';
import { HistoryAppender } from './history-appender.js';
import { stageBatch, type Settle, type StagedBatch, type WriteOp } from './history-batch.js';

export const HISTORY_FILE_NAME = 'call-history.jsonl';

/** Records per chunk written by compaction: small texts, and other work runs in between. */
const COMPACTION_CHUNK_RECORDS = 250;

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

  /**
   * Oldest first. Parsed records, not their lines: the tray lists the whole history after every
   * call, and parsing 5,000 lines each time would cost far more than the memory it saves.
   */
  private records: T[] = [];
  /** Lines in the file now, valid or not: compaction is decided on this. */
  private fileLines = 0;
  private needsNewline = false;
  private skippedLines = 0;
  private tornLines = 0;
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
  }

  async append(record: T): Promise<void> {
    // Serialized now, so a caller changing its object afterwards does not change what is stored;
    // parsed back once, which both checks the line as a later load will and is the copy we keep.
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
    await this.ensureLoaded();
    return selectRecords(this.records, options, this.searchText);
  }

  async get(id: string): Promise<T | undefined> {
    await this.ensureLoaded();
    return this.records.findLast((r) => r.id === id);
  }

  async health(): Promise<HistoryHealth> {
    await this.ensureLoaded();
    return {
      count: this.records.length,
      skippedLines: this.skippedLines,
      tornLines: this.tornLines,
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
    const batch = stageBatch(this.records, this.cap, ops);
    if (batch.lines.length === 0) {
      batch.commit();
      return batch;
    }
    // After a torn last line, start on a fresh line so the new records stay readable.
    const text = `${this.needsNewline ? '\n' : ''}${batch.lines.join('\n')}\n`;
    try {
      await this.appender.append(text);
    } catch (error) {
      // Part of the text may have reached the file: the next write starts on a fresh line.
      this.needsNewline = true;
      batch.fail(error);
      return undefined;
    }
    this.needsNewline = false;
    this.fileLines += batch.lines.length;
    batch.commit();
    return batch;
  }

  private async rewrite(): Promise<void> {
    const temp = `${this.file}.tmp`;
    const records = this.records;
    // Released before the rename, which replaces the file it points at (and fails on Windows
    // while it is open there); the next append opens the new file.
    await this.appender.close();
    await this.appender.ensureDir();
    if (this.fs.writeChunks) await this.fs.writeChunks(temp, chunkLines(records));
    else await this.fs.writeText(temp, [...chunkLines(records)].join(''));
    await this.fs.rename(temp, this.file);
    this.fileLines = records.length;
    this.needsNewline = false;
    this.logger?.debug('call history compacted', { kept: records.length });
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

  private async load(): Promise<void> {
    const text = (await this.fs.readText(this.file)) ?? '';
    const lines = text.split('\n');
    const complete = text.endsWith('\n') || text === '';
    if (complete) lines.pop(); // the empty string after the final newline
    const records: T[] = [];
    // A later line with a known id is a newer version of that record (update()): it replaces
    // the older one in place, so the call keeps its position in the list.
    const positions = new Map<string, number>();
    let skipped = 0;
    let torn = 0;
    lines.forEach((line, index) => {
      const isLast = index === lines.length - 1;
      if (line.trim() === '') return;
      const record = this.parseLine(line);
      if (record) {
        const at = positions.get(record.id);
        if (at === undefined) {
          positions.set(record.id, records.length);
          records.push(record);
        } else records[at] = record;
      } else if (isLast && !complete) torn += 1;
      else skipped += 1;
    });
    this.records = records.slice(-this.cap);
    this.fileLines = lines.length;
    this.needsNewline = !complete;
    this.skippedLines = skipped;
    this.tornLines = torn;
    if (skipped + torn > 0) {
      this.logger?.warn('call history: unreadable lines skipped', { skipped, torn });
    }
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

/** The records as JSON lines, a few hundred per string, made one chunk at a time. */
function* chunkLines<T>(records: readonly T[]): Generator<string> {
  for (let start = 0; start < records.length; start += COMPACTION_CHUNK_RECORDS) {
    let chunk = '';
    const end = Math.min(records.length, start + COMPACTION_CHUNK_RECORDS);
    for (let i = start; i < end; i += 1) chunk += `${JSON.stringify(records[i])}\n`;
    yield chunk;
  }
}
