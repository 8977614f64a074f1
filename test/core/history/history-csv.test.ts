import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MemoryHistoryStore,
  callRecordToEntry,
  callRecordsToCsv,
  csvCell,
  historyToCsv,
  type HistoryEntry,
} from '../../../electron/core/history/index.js';
import type { CallRecord } from '../../../electron/core/screen-pop/call-record.js';

describe('CSV export', () => {
  it('quotes every cell and neutralises formulas at the start and after any separator', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+40712345678')).toBe(`"'+40712345678"`);
    expect(csvCell('-1')).toBe(`"'-1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t'=1"`);
    expect(csvCell(' =1')).toBe(`"' =1"`);
    // Romanian Excel splits on ";": the piece after it must not start a formula either.
    expect(csvCell('1;=1+1')).toBe(`"1;'=1+1"`);
    expect(csvCell('1, -2')).toBe(`"1,' -2"`);
    expect(csvCell('1;"=1"')).toBe(`"1;'""=1"""`);
    expect(csvCell('line\n@x')).toBe(`"line\n'@x"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('2026-01-01, within 30 s')).toBe('"2026-01-01, within 30 s"');
    expect(csvCell('0712345678')).toBe('"0712345678"');
    expect(csvCell(undefined)).toBe('""');
  });

  it('writes a header and one row per entry', () => {
    const entry: HistoryEntry = {
      id: 'c1',
      time: '2026-01-01T00:00:00.000Z',
      direction: 'inbound',
      number: { raw: '=1+1', e164: undefined, national: '0712', digits: '0712' },
      outcome: 'suppressed',
      detail: 'duplicate, within 30 s',
    };
    expect(historyToCsv([entry])).toBe(
      '"time","direction","number","e164","national","rule","outcome","detail","id"\r\n' +
        '"2026-01-01T00:00:00.000Z","inbound","\'=1+1","","0712","","suppressed","duplicate, within 30 s","c1"\r\n',
    );
  });
});

describe('CallRecord rows', () => {
  const record: CallRecord = {
    id: 'r1',
    direction: 'outbound',
    number: {
      raw: '0712345678',
      e164: '+40712345678',
      national: '0712345678',
      digits: '0712345678',
      kind: 'external',
    },
    crmId: 'abc',
    receivedAt: Date.UTC(2026, 10, 25, 9, 0, 0),
    handledAt: Date.UTC(2026, 10, 25, 9, 0, 0),
    latencyMs: 3,
    trace: { steps: [] } as unknown as CallRecord['trace'],
    outcome: { kind: 'popped' },
    actions: [
      {
        kind: 'run',
        ruleName: 'Local CRM',
        program: '/opt/crm',
        args: ['--phone', '0712345678'],
        ok: true,
        pid: 7,
      },
    ],
    pendingClick: false,
  };

  it('flattens a CallRecord into one row, and stores CallRecords as they are', async () => {
    expect(callRecordToEntry(record)).toMatchObject({
      id: 'r1',
      time: '2026-11-25T09:00:00.000Z',
      rule: 'Local CRM',
      outcome: 'popped',
      detail: '/opt/crm --phone 0712345678',
    });
    expect(callRecordsToCsv([record]).split('\r\n')[1]).toBe(
      `"2026-11-25T09:00:00.000Z","outbound","0712345678","'+40712345678","0712345678","Local CRM","popped","/opt/crm --phone 0712345678","r1"`,
    );
    const store = new MemoryHistoryStore();
    await store.append(record);
    expect(await store.get('r1')).toEqual(record);
  });
});

describe('csvCell (property)', () => {
  // Mostly the characters that matter, so separators next to triggers come up often.
  const risky = fc.string({
    unit: fc.oneof(
      fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', ';', ' ', '"', "'", '1'),
      fc.string({ unit: 'binary', maxLength: 1 }),
    ),
  });
  const withoutApostrophes = (text: string) => text.replace(/'/g, '');

  it('never lets any piece a reader may split off start a formula, and only adds apostrophes', () => {
    fc.assert(
      fc.property(risky, (value) => {
        const cell = csvCell(value);
        expect(cell.startsWith('"') && cell.endsWith('"')).toBe(true);
        const inner = cell.slice(1, -1);
        expect(/(^|[^"])"("")*([^"]|$)/.test(inner)).toBe(false); // every quote is doubled
        const text = inner.replace(/""/g, '"');
        for (const piece of text.split(/[,;\t\r\n]/))
          expect(/^[ "]*[=+\-@\t\r]/.test(piece), JSON.stringify(piece)).toBe(false);
        expect(/^[ "]*[=+\-@\t\r]/.test(text)).toBe(false);
        expect(withoutApostrophes(text)).toBe(withoutApostrophes(value));
      }),
      { numRuns: 2000 },
    );
  });
});
