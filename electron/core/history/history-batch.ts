// One batch of history writes: the appends and updates queued while the previous write was in
// flight. They are worked out in call order against the records kept plus the earlier writes of
// the same batch, exactly as if they had run one by one, and become one text for one append.
// The index changes only after that text is on disk (the store applies `lines` then), so a
// failed write leaves the history as it was and rejects exactly the calls of this batch.
import type { HistoryRecordBase } from './history-entry.js';

export interface Settle<R> {
  resolve(value: R): void;
  reject(error: unknown): void;
}

export type WriteOp<T extends HistoryRecordBase> =
  | { kind: 'append'; record: T; line: string; settle: Settle<void> }
  | { kind: 'update'; id: string; patch: Partial<Omit<T, 'id'>>; settle: Settle<T | undefined> };

/** A kept record an update in the batch refers to, read from disk before staging. */
export interface KeptRecord<T> {
  position: number;
  record: T;
}

export interface StagedLine {
  line: string;
  id: string;
  /** The kept position this line is a newer version of; undefined for a new record. */
  replaces: number | undefined;
}

export interface StagedBatch {
  /** The lines to append, in call order (empty when every update missed). */
  readonly lines: readonly StagedLine[];
  /** After the lines are on disk and indexed: resolves every call of the batch. */
  resolve(): void;
  /** The write failed: calls that wrote a line reject with `error`. */
  fail(error: unknown): void;
}

/**
 * Stages `ops` against the `held` records kept (at most `cap`); `kept` holds, by id, the
 * current version of every kept record an update names. New records take positions `held`,
 * `held + 1`, … in call order.
 */
export function stageBatch<T extends HistoryRecordBase>(
  held: number,
  cap: number,
  ops: readonly WriteOp<T>[],
  kept: ReadonlyMap<string, KeptRecord<T>>,
): StagedBatch {
  const appended: T[] = [];
  // Newer versions made in this batch, by position (kept ones, then appended ones).
  const versions = new Map<number, T>();
  const lines: StagedLine[] = [];
  const outcomes: { op: WriteOp<T>; wrote: boolean; result?: T }[] = [];

  const at = (id: string, position: number): T =>
    versions.get(position) ?? (position < held ? kept.get(id)!.record : appended[position - held]!);
  const positionOf = (id: string): number => {
    let position = -1;
    for (let i = appended.length - 1; i >= 0 && position < 0; i -= 1) {
      if (appended[i]!.id === id) position = held + i;
    }
    if (position < 0) position = kept.get(id)?.position ?? -1;
    // A record pushed out (past the cap) by the appends before this update is no longer kept.
    return position >= 0 && position >= held + appended.length - cap ? position : -1;
  };

  for (const op of ops) {
    if (op.kind === 'append') {
      appended.push(op.record);
      lines.push({ line: op.line, id: op.record.id, replaces: undefined });
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
      line = JSON.stringify({ ...at(op.id, position), ...op.patch, id: op.id });
      stored = JSON.parse(line) as T;
    } catch (error) {
      // A patch JSON cannot hold (a BigInt, a cycle): this update fails, the batch goes on.
      op.settle.reject(error);
      continue;
    }
    versions.set(position, stored);
    lines.push({ line, id: op.id, replaces: position });
    outcomes.push({ op, wrote: true, result: stored });
  }

  return {
    lines,
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
