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
  it('neutralises formula cells and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+40712345678')).toBe("'+40712345678");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('0712345678')).toBe('0712345678');
    expect(csvCell(undefined)).toBe('');
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
      'time,direction,number,e164,national,rule,outcome,detail,id\r\n' +
        '2026-01-01T00:00:00.000Z,inbound,\'=1+1,,0712,,suppressed,"duplicate, within 30 s",c1\r\n',
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
      "2026-11-25T09:00:00.000Z,outbound,0712345678,'+40712345678,0712345678,Local CRM,popped,/opt/crm --phone 0712345678,r1",
    );
    const store = new MemoryHistoryStore();
    await store.append(record);
    expect(await store.get('r1')).toEqual(record);
  });
});

describe('csvCell (property)', () => {
  it('never lets a cell start a formula, and quoting round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const cell = csvCell(value);
        const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
        expect(/^[=+\-@\t\r]/.test(unquoted)).toBe(false);
        const expected = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
        expect(unquoted).toBe(expected);
        if (!cell.startsWith('"')) expect(/[",\r\n]/.test(cell)).toBe(false);
      }),
    );
  });
});
