// The call history on disk: one JSON object per line, appended. Appending one line is the only
// write in normal operation, so a crash can at worst leave one unfinished last line, which the
// next start skips (and counts). Past the cap plus a margin the file is rewritten to a temp file
// and renamed over the old one, so a crash during compaction leaves the old file intact.
// A change to a kept record (a caller name that arrived later) is appended too, as a whole newer
// version with the same id: on load the later line wins and keeps the first line's place.
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

export const HISTORY_FILE_NAME = 'call-history.jsonl';

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

export class HistoryStore<T extends HistoryRecordBase = CallRecord> implements CallHistory<T> {
  readonly file: string;
  private readonly fs: HistoryFs;
  private readonly cap: number;
  private readonly margin: number;
  private readonly isRecord: (value: unknown) => value is T;
  private readonly searchText: (record: T) => string;
  private readonly logger: Logger | undefined;

  private records: T[] = [];
  /** Lines in the file now, valid or not: compaction is decided on this. */
  private fileLines = 0;
  private needsNewline = false;
  private skippedLines = 0;
  private tornLines = 0;
  private loaded: Promise<void> | undefined;
  /** Writes run one after another, in call order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: HistoryStoreOptions<T>) {
    const file =
      options.file ??
      (options.directory ? path.join(options.directory, HISTORY_FILE_NAME) : undefined);
    if (!file) throw new Error('HistoryStore needs a file or a directory');
    this.file = file;
    this.fs = options.fs ?? nodeHistoryFs;
    this.cap = Math.max(1, options.cap ?? DEFAULT_HISTORY_CAP);
    this.margin = Math.max(0, options.margin ?? Math.max(10, Math.floor(this.cap / 10)));
    this.isRecord = options.isRecord ?? (isHistoryRecord as (value: unknown) => value is T);
    this.searchText = options.searchText ?? defaultSearchText;
    this.logger = options.logger;
  }

  async append(record: T): Promise<void> {
    const line = JSON.stringify(record);
    if (line === undefined || !this.isRecord(JSON.parse(line))) {
      throw new Error('history record must be a JSON object with a non-empty string id');
    }
    await this.serialized(async () => {
      await this.ensureLoaded();
      await this.fs.ensureDir(path.dirname(this.file));
      // After a torn last line, start on a fresh line so the new record stays readable.
      await this.fs.appendText(this.file, `${this.needsNewline ? '\n' : ''}${line}\n`);
      this.needsNewline = false;
      this.fileLines += 1;
      this.records.push(JSON.parse(line) as T);
      if (this.records.length > this.cap) this.records.splice(0, this.records.length - this.cap);
      if (this.fileLines > this.cap + this.margin) await this.compact();
    });
  }

  /**
   * Merges `patch` into the record with this id and appends the new version (append-only, like
   * every other write). Resolves to the updated record, or undefined when the id is not kept.
   */
  async update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T | undefined> {
    return this.serialized(async () => {
      await this.ensureLoaded();
      const index = this.records.findLastIndex((r) => r.id === id);
      if (index < 0) return undefined;
      const next = { ...this.records[index]!, ...patch, id } as T;
      const line = JSON.stringify(next);
      await this.fs.ensureDir(path.dirname(this.file));
      await this.fs.appendText(this.file, `${this.needsNewline ? '\n' : ''}${line}\n`);
      this.needsNewline = false;
      this.fileLines += 1;
      const stored = JSON.parse(line) as T;
      this.records[index] = stored;
      if (this.fileLines > this.cap + this.margin) await this.compact();
      return structuredClone(stored);
    });
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

  /** Rewrites the file with the newest `cap` records (temp file + rename). */
  async compact(): Promise<void> {
    await this.ensureLoaded();
    const temp = `${this.file}.tmp`;
    const text = this.records.map((r) => `${JSON.stringify(r)}\n`).join('');
    await this.fs.ensureDir(path.dirname(this.file));
    await this.fs.writeText(temp, text);
    await this.fs.rename(temp, this.file);
    this.fileLines = this.records.length;
    this.needsNewline = false;
    this.logger?.debug('call history compacted', { kept: this.records.length });
  }

  private serialized<R>(op: () => Promise<R>): Promise<R> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
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
