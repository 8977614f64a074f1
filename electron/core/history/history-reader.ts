// Reading the history file without holding it: a scan that walks it line by line in 256 KiB
// chunks (to build the index, or to search), and byte-range reads for a page of records.
// Memory stays bounded whatever the file holds: a "line" longer than MAX_LINE_BYTES (a binary
// file has few newlines) is skipped as it streams past, never collected.
import type { HistoryReadHandle } from './history-fs.js';
import type { LineRange } from './history-index.js';

const CHUNK_BYTES = 256 * 1024;
/** No record we write comes near this; anything longer is not ours and is skipped. */
export const MAX_LINE_BYTES = 1 << 20;
/** Ranges this close together are read as one (the gap is read and thrown away). */
const JOIN_GAP_BYTES = 16 * 1024;
/** One read holds at most this much. */
const MAX_READ_BYTES = 4 << 20;

export interface ScanSummary {
  /** Bytes in the file when the scan reached its end. */
  size: number;
  /** The file ends with a newline (or is empty): the next append starts on a fresh line. */
  endsWithNewline: boolean;
}

/**
 * Calls `visit` for every line in file order with its byte range; `text` is undefined for a
 * line too long to be ours, `terminated` is false for a last line with no newline (torn).
 * Empty lines are not visited.
 */
export async function scanLines(
  handle: HistoryReadHandle,
  visit: (text: string | undefined, range: LineRange, terminated: boolean) => void,
): Promise<ScanSummary> {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry: Buffer = Buffer.alloc(0);
  /** File offset of the first byte of `carry` (the line being collected or skipped). */
  let lineStart = 0;
  let position = 0;
  /** Inside a line longer than MAX_LINE_BYTES: dropping bytes up to its newline. */
  let skipping = false;
  let lastByte = 0x0a;
  for (;;) {
    const read = await handle.read(chunk, CHUNK_BYTES, position);
    if (read === 0) break;
    lastByte = chunk[read - 1]!;
    const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk;
    const dataEnd = carry.length + read;
    // `carry` ends where this read began.
    const dataStart = position - carry.length;
    position += read;
    let start = 0;
    for (;;) {
      const newline = data.indexOf(0x0a, start);
      if (newline < 0 || newline >= dataEnd) break;
      const range = { offset: dataStart + start, length: newline - start };
      if (skipping) {
        range.offset = lineStart;
        range.length = dataStart + newline - lineStart;
        visit(undefined, range, true);
        skipping = false;
      } else if (range.length > MAX_LINE_BYTES) visit(undefined, range, true);
      else if (range.length > 0) visit(data.toString('utf8', start, newline), range, true);
      start = newline + 1;
      lineStart = dataStart + start;
    }
    const rest = dataEnd - start;
    if (skipping || rest > MAX_LINE_BYTES) {
      skipping = true;
      carry = Buffer.alloc(0);
      // lineStart stays at the start of the overlong line; what follows is dropped.
      continue;
    }
    // A copy: `chunk` is reused for the next read.
    carry = Buffer.from(data.subarray(start, dataEnd));
    lineStart = dataStart + start;
  }
  if (skipping) visit(undefined, { offset: lineStart, length: position - lineStart }, false);
  else if (carry.length > 0) {
    visit(carry.toString('utf8'), { offset: lineStart, length: carry.length }, false);
  }
  return { size: position, endsWithNewline: lastByte === 0x0a };
}

/**
 * The text at each range (in the order given); undefined where the file ends before the range
 * does. Neighbouring ranges are read together, so a page of consecutive records is one read.
 */
export async function readRanges(
  handle: HistoryReadHandle,
  ranges: readonly LineRange[],
): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = new Array<string | undefined>(ranges.length);
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a]!.offset - ranges[b]!.offset);
  let i = 0;
  while (i < order.length) {
    const groupStart = ranges[order[i]!]!.offset;
    let groupEnd = groupStart + ranges[order[i]!]!.length;
    let j = i + 1;
    while (j < order.length) {
      const next = ranges[order[j]!]!;
      const end = Math.max(groupEnd, next.offset + next.length);
      if (next.offset > groupEnd + JOIN_GAP_BYTES || end - groupStart > MAX_READ_BYTES) break;
      groupEnd = end;
      j += 1;
    }
    const buffer = Buffer.allocUnsafe(groupEnd - groupStart);
    const got = await readFully(handle, buffer, groupStart);
    for (let k = i; k < j; k += 1) {
      const range = ranges[order[k]!]!;
      const from = range.offset - groupStart;
      out[order[k]!] =
        from + range.length <= got ? buffer.toString('utf8', from, from + range.length) : undefined;
    }
    i = j;
  }
  return out;
}

async function readFully(handle: HistoryReadHandle, buffer: Buffer, position: number) {
  let got = 0;
  while (got < buffer.length) {
    const slice = buffer.subarray(got);
    const read = await handle.read(slice, slice.length, position + got);
    if (read === 0) break;
    got += read;
  }
  return got;
}
