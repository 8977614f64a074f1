// JSON.parse with a message a person can act on: the file, the line and the column.
import { ConfigError } from './config-error.js';
import { errorMessage } from '../error-message.js';

/** Parses JSON text; on failure throws a ConfigError naming the file, line and column. */
export function parseJsonText(text: string, file: string): unknown {
  // Notepad on Windows saves UTF-8 with a byte-order mark; JSON.parse refuses it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const raw = errorMessage(error);
    const position = errorPosition(raw, body);
    const { line, column } = lineAndColumn(body, position);
    const reason = raw.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new ConfigError([
      { file, path: '', message: `not valid JSON at line ${line}, column ${column}: ${reason}` },
    ]);
  }
}

function errorPosition(message: string, text: string): number {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return offsetOf(text, Number(lineCol[1]), Number(lineCol[2]));
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  // "Unexpected end of JSON input" and friends: the problem is at the end.
  return text.length;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
