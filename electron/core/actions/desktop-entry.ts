// Reads a freedesktop .desktop file's Exec line into a program + argv template, following the
// Desktop Entry Specification ("The Exec key"): string escapes first (\s \n \t \r \\), then
// arguments split on spaces with double-quote quoting (\" \` \$ \\ inside quotes). Field codes
// %u %U %f %F become the URL slot (one argv element, whatever the URL holds); %% is a literal
// percent; every other field code (%i %c %k and the deprecated ones) is dropped. We never hand
// the line to a shell, so a quote or `$(...)` in a URL can only ever be text in one argument.
import type { UrlSlot } from './browser-command.js';

export interface DesktopExec {
  program: string;
  args: (string | UrlSlot)[];
}

/** The [Desktop Entry] group's Exec value, or why there is none. */
export function readDesktopExec(
  text: string,
): { ok: true; exec: string } | { ok: false; reason: string } {
  let inEntry = false;
  let exec: string | undefined;
  let hidden = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith('[')) {
      inEntry = line === '[Desktop Entry]';
      continue;
    }
    if (!inEntry || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'Exec') exec = value;
    if (key === 'Hidden' && value === 'true') hidden = true;
  }
  if (hidden) return { ok: false, reason: 'the desktop entry is hidden (Hidden=true)' };
  if (!exec) return { ok: false, reason: 'the desktop entry has no Exec line' };
  return { ok: true, exec };
}

const STRING_ESCAPES: Record<string, string> = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' };
const URL_CODES = new Set(['u', 'U', 'f', 'F']);

/** Splits an Exec value into the program and an argv template; undefined when it is malformed. */
export function parseDesktopExec(exec: string): DesktopExec | undefined {
  const unescaped = exec.replace(/\\([sntr\\])/g, (_m, c: string) => STRING_ESCAPES[c] ?? c);
  const tokens = splitQuoted(unescaped);
  if (!tokens || tokens.length === 0) return undefined;
  const args: (string | UrlSlot)[] = [];
  let sawUrl = false;
  for (const token of tokens) {
    const expanded = expandFieldCodes(token, !sawUrl);
    if (expanded === undefined) continue;
    if (typeof expanded !== 'string') sawUrl = true;
    args.push(expanded);
  }
  const [program, ...rest] = args;
  if (typeof program !== 'string' || program === '') return undefined;
  // No field code: the spec's launchers pass the file/URL last.
  if (!sawUrl) rest.push({ before: '', after: '' });
  return { program, args: rest };
}

/** Quoted arguments per the spec; undefined for an unterminated quote. */
function splitQuoted(text: string): { text: string; quoted: boolean }[] | undefined {
  const tokens: { text: string; quoted: boolean }[] = [];
  let current = '';
  let inToken = false;
  let quoted = false;
  let inQuotes = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '\\' && i + 1 < text.length && '"`$\\'.includes(text[i + 1]!)) {
        current += text[i + 1];
        i += 1;
      } else if (c === '"') {
        inQuotes = false;
      } else {
        current += c;
      }
    } else if (c === ' ' || c === '\t') {
      if (inToken) tokens.push({ text: current, quoted });
      current = '';
      inToken = false;
      quoted = false;
    } else if (c === '"') {
      inQuotes = true;
      inToken = true;
      quoted = true;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (inQuotes) return undefined;
  if (inToken) tokens.push({ text: current, quoted });
  return tokens;
}

/**
 * One argument with its field codes applied: a string, the URL slot, or undefined when the
 * argument was only a dropped field code. Quoted arguments keep their text as written (the
 * spec forbids field codes inside quotes), except %% which is always a literal percent.
 */
function expandFieldCodes(
  token: { text: string; quoted: boolean },
  urlAllowed: boolean,
): string | UrlSlot | undefined {
  let before = '';
  let after = '';
  let slot = false;
  let droppedOnly = true;
  const text = token.text;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '%' && next !== undefined && (next === '%' || !token.quoted)) {
      i += 1;
      if (next === '%') {
        droppedOnly = false;
        if (slot) after += '%';
        else before += '%';
      } else if (URL_CODES.has(next) && urlAllowed && !slot) {
        slot = true;
        droppedOnly = false;
      }
      continue;
    }
    droppedOnly = false;
    if (slot) after += c;
    else before += c;
  }
  if (slot) return { before, after };
  if (droppedOnly && text !== '') return undefined;
  return before;
}
