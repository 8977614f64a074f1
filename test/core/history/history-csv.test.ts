import { describe, expect, it } from 'vitest';
import { csvCell, historyToCsv, type HistoryEntry } from '../../../electron/core/history/index.js';

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
