// History → CSV for spreadsheets. Caller ids are attacker-controlled, and spreadsheets run
// cells that start with = + - @ as formulas (CSV injection), so such cells get a leading
// apostrophe; every cell is quoted when it needs to be.
import type { HistoryEntry } from './history-entry.js';
import type { CallRecord, PopOutcome } from '../screen-pop/call-record.js';

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

/** The screen-pop pipeline's record, flattened to one history row. */
export function callRecordToEntry(record: CallRecord): HistoryEntry {
  const entry: HistoryEntry = {
    id: record.id,
    time: new Date(record.receivedAt).toISOString(),
    direction: record.direction,
    number: record.number,
    outcome: describeOutcome(record.outcome),
    trace: record.trace,
  };
  const ruleName = record.actions[0]?.ruleName;
  if (ruleName !== undefined) entry.rule = ruleName;
  const detail = describeDetail(record);
  if (detail !== '') entry.detail = detail;
  return entry;
}

/** CallRecords (newest first, as list() returns them) as CSV text. */
export function callRecordsToCsv(records: readonly CallRecord[]): string {
  return historyToCsv(records.map(callRecordToEntry));
}

function describeOutcome(outcome: PopOutcome): string {
  switch (outcome.kind) {
    case 'suppressed':
      return `suppressed (${outcome.reason})`;
    default:
      return outcome.kind;
  }
}

function describeDetail(record: CallRecord): string {
  const parts: string[] = [];
  if (record.outcome.kind === 'suppressed') parts.push(record.outcome.why);
  if (record.outcome.kind === 'failed') parts.push(record.outcome.error);
  for (const action of record.actions) {
    const target = action.kind === 'open' ? action.url : [action.program, ...action.args].join(' ');
    parts.push(action.ok ? target : `${target}: ${action.error}`);
  }
  return parts.join('; ');
}
