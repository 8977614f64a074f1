// The record index on its own: byte ranges past 4 GiB stay exact, sequence numbers stay on the
// same record while the oldest are dropped and the arrays are reused or grown.
import { describe, expect, it } from 'vitest';
import { RecordIndex, idHash } from '../../../electron/core/history/history-index.js';

describe('RecordIndex', () => {
  it('keeps offsets past 4 GiB exact', () => {
    const index = new RecordIndex();
    index.push(10, 5, idHash('a'));
    index.push(2 ** 33 + 7, 9, idHash('b'));
    index.replace(0, 2 ** 40 + 1, 3);
    expect(index.range(0)).toEqual({ offset: 2 ** 40 + 1, length: 3 });
    expect(index.range(1)).toEqual({ offset: 2 ** 33 + 7, length: 9 });
  });

  it('numbers records by sequence through drops, in-place reuse and growth', () => {
    const index = new RecordIndex();
    for (let n = 0; n < 5_000; n += 1) {
      index.push(n * 100, 99, idHash(`call-${n}`));
      index.keepNewest(700);
    }
    expect(index.count).toBe(700);
    expect(index.sequence(0)).toBe(4_300);
    expect(index.range(index.positionOf(4_321))).toEqual({ offset: 432_100, length: 99 });
    expect([...index.positionsWithHash(idHash('call-4999'))]).toEqual([699]);
    expect([...index.positionsWithHash(idHash('call-10'))]).toEqual([]);
    index.trim();
    expect(index.range(699)).toEqual({ offset: 499_900, length: 99 });
  });
});
