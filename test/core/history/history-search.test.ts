import { describe, expect, it } from 'vitest';
import { compactNumberQuery } from '../../../electron/core/history/history-entry.js';
import { MemoryHistoryStore } from '../../../electron/core/history/memory-history.js';

describe('history search', () => {
  it('finds a number typed with spaces, dashes or parentheses', async () => {
    const store = new MemoryHistoryStore<{
      id: string;
      number: { digits: string; e164: string };
    }>();
    await store.append({ id: 'a', number: { digits: '0712345678', e164: '+40712345678' } });
    await store.append({ id: 'b', number: { digits: '0213334444', e164: '+40213334444' } });
    const ids = async (query: string) => (await store.list({ query })).map((r) => r.id);
    expect(await ids('0712 345')).toEqual(['a']);
    expect(await ids('(0712) 345-678')).toEqual(['a']);
    expect(await ids('+40 21 333')).toEqual(['b']);
    expect(await ids('0712345678')).toEqual(['a']);
    expect(await ids('999 999')).toEqual([]);
  });

  it('leaves words alone', () => {
    expect(compactNumberQuery('crm contact')).toBeUndefined();
    expect(compactNumberQuery('0712345678')).toBeUndefined();
    expect(compactNumberQuery('0 1')).toBeUndefined();
    expect(compactNumberQuery('0712 345')).toBe('0712345');
  });
});
