// One batch of history writes: the appends and updates queued while the previous write was in
// flight. They are worked out in call order against the records held plus the earlier writes of
// the same batch, exactly as if they had run one by one, and become one text for one append.
// The records held change only after that text is on disk (commit), so a failed write leaves
// memory as it was and rejects exactly the calls of this batch.
import type { HistoryRecordBase } from './history-entry.js';

export interface Settle<R> {
  resolve(value: R): void;
  reject(error: unknown): void;
}

export type WriteOp<T extends HistoryRecordBase> =
  | { kind: 'append'; record: T; line: string; settle: Settle<void> }
  | { kind: 'update'; id: string; patch: Partial<Omit<T, 'id'>>; settle: Settle<T | undefined> };

export interface StagedBatch {
  /** The lines to append, in call order (empty when every update missed). */
  readonly lines: readonly string[];
  /** After the lines are on disk: applies the batch to the records. */
  commit(): void;
  /** After commit (and the compaction it may call for): resolves every call of the batch. */
  resolve(): void;
  /** The write failed: memory stays as it was; calls that wrote a line reject with `error`. */
  fail(error: unknown): void;
}

/**
 * Stages `ops` against `records` (oldest first, at most `cap`). `commit()` mutates `records` in
 * place: appended records go to the end, updated ones replace theirs, the oldest beyond `cap`
 * are dropped.
 */
export function stageBatch<T extends HistoryRecordBase>(
  records: T[],
  cap: number,
  ops: readonly WriteOp<T>[],
): StagedBatch {
  const held = records.length;
  const appended: T[] = [];
  // Newer versions made in this batch, by position in `records` followed by `appended`.
  const versions = new Map<number, T>();
  const lines: string[] = [];
  const outcomes: { op: WriteOp<T>; wrote: boolean; result?: T }[] = [];

  const at = (position: number): T =>
    versions.get(position) ?? (position < held ? records[position]! : appended[position - held]!);
  const positionOf = (id: string): number => {
    let position = -1;
    for (let i = appended.length - 1; i >= 0 && position < 0; i -= 1) {
      if (appended[i]!.id === id) position = held + i;
    }
    if (position < 0) position = records.findLastIndex((r) => r.id === id);
    // A record pushed out (past the cap) by the appends before this update is no longer kept.
    return position >= 0 && position >= held + appended.length - cap ? position : -1;
  };

  for (const op of ops) {
    if (op.kind === 'append') {
      appended.push(op.record);
      lines.push(op.line);
      outcomes.push({ op, wrote: true });
      continue;
    }
    const position = positionOf(op.id);
    if (position < 0) {
      outcomes.push({ op, wrote: false });
      continue;
    }
    let line: string;
    let stored: T;
    try {
      line = JSON.stringify({ ...at(position), ...op.patch, id: op.id });
      stored = JSON.parse(line) as T;
    } catch (error) {
      // A patch JSON cannot hold (a BigInt, a cycle): this update fails, the batch goes on.
      op.settle.reject(error);
      continue;
    }
    versions.set(position, stored);
    lines.push(line);
    outcomes.push({ op, wrote: true, result: stored });
  }

  return {
    lines,
    commit() {
      for (const [position, record] of versions) {
        if (position < held) records[position] = record;
        else appended[position - held] = record;
      }
      for (const record of appended) records.push(record);
      if (records.length > cap) records.splice(0, records.length - cap);
    },
    resolve() {
      for (const { op, result } of outcomes) {
        if (op.kind === 'append') op.settle.resolve();
        // A copy, so the caller changing it does not change the history.
        else op.settle.resolve(result && structuredClone(result));
      }
    },
    fail(error) {
      for (const { op, wrote } of outcomes) {
        if (!wrote) (op.settle as Settle<undefined>).resolve(undefined);
        else op.settle.reject(error);
      }
    },
  };
}
