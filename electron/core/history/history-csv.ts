// History → CSV for spreadsheets. Caller ids are attacker-controlled, and spreadsheets run
// cells that start with = + - @ as formulas (CSV injection), so such cells get a leading
// apostrophe; every cell is quoted when it needs to be.
import type { HistoryEntry } from './history-entry.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-neutralised, then quoted if it holds a quote, comma or line break. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function toCsv(rows: readonly (readonly unknown[])[]): string {
  // CRLF line ends, as RFC 4180 and spreadsheet programs expect.
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const HISTORY_CSV_COLUMNS = [
  'time',
  'direction',
  'number',
  'e164',
  'national',
  'rule',
  'outcome',
  'detail',
  'id',
] as const;

/** The history (any order the caller chose) as CSV text with a header row. */
export function historyToCsv(entries: readonly HistoryEntry[]): string {
  const rows = entries.map((e) => [
    e.time,
    e.direction,
    e.number.raw,
    e.number.e164 ?? '',
    e.number.national ?? '',
    e.rule ?? '',
    e.outcome,
    e.detail ?? '',
    e.id,
  ]);
  return toCsv([[...HISTORY_CSV_COLUMNS], ...rows]);
}
