// History → CSV for spreadsheets. Caller ids are attacker-controlled, and spreadsheets run
// cells that start with = + - @ TAB CR as formulas (CSV injection, OWASP). Quoting alone is not
// enough: Excel with Romanian regional settings opens a .csv splitting on `;`, so in
// `"1;=1+1"` it finds a cell `=1+1`. So every cell is quoted, a cell that would start a formula
// gets a leading apostrophe, and so does every piece of it after a character some reader may
// split on (`,` `;` TAB, line breaks). The apostrophe shows; the text is otherwise kept whole.
import type { HistoryEntry } from './history-entry.js';
import type { CallRecord, PopOutcome } from '../screen-pop/call-record.js';

/**
 * A formula trigger at the start of a cell or right after a separator; spaces and quotes in
 * between do not help (some readers trim them, a quote may open a quoted field).
 */
const FORMULA_AT_START = /^[ "]*[=+\-@\t\r]/;
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n])(?=[ "]*[=+\-@\t\r])/g;

/** One CSV cell: formula-neutralised (at the start and after any separator), then quoted. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  text = text.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  if (FORMULA_AT_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
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
  return toCsv([[...HISTORY_CSV_COLUMNS], ...entries.map(entryRow)]);
}

function entryRow(e: HistoryEntry): unknown[] {
  return [
    e.time,
    e.direction,
    e.number.raw,
    e.number.e164 ?? '',
    e.number.national ?? '',
    e.rule ?? '',
    e.outcome,
    e.detail ?? '',
    e.id,
  ];
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

/** Rows per chunk of a streamed export. */
const CSV_CHUNK_ROWS = 250;

/**
 * The same CSV as callRecordsToCsv, as chunks made while `records` streams in (the header
 * first): an export of the whole history never holds it, as records or as text.
 */
export async function* callRecordsCsvChunks(
  records: AsyncIterable<CallRecord>,
): AsyncGenerator<string> {
  yield toCsv([[...HISTORY_CSV_COLUMNS]]);
  let rows: unknown[][] = [];
  for await (const record of records) {
    rows.push(entryRow(callRecordToEntry(record)));
    if (rows.length >= CSV_CHUNK_ROWS) {
      yield toCsv(rows);
      rows = [];
    }
  }
  if (rows.length > 0) yield toCsv(rows);
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
