// Serialises freedesktop.org Desktop Entry files (.desktop) for the Linux launcher entry and the
// autostart entry. The Exec line is the dangerous part: desktop environments split it into an
// argv themselves (and some older ones hand it to a shell), so every argument is quoted per the
// Desktop Entry spec, whose double-quote rules match the POSIX shell's, and control characters
// are refused outright because a newline would start a new key.

/** Field codes the launcher substitutes; written bare, never quoted. */
export type DesktopFieldCode = '%u' | '%U' | '%f' | '%F';

export class DesktopEntryError extends Error {
  override name = 'DesktopEntryError';
}

// Characters the spec lets stand unquoted; anything else gets quoted.
const BARE_ARGUMENT = /^[A-Za-z0-9_./:=,+@-]+$/;
// Inside double quotes these four need a backslash (spec "Exec key" section).
const ESCAPED_IN_QUOTES = /["`$\\]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Quotes one argument for an Exec line (before the string-level backslash escaping). */
export function quoteExecArgument(argument: string): string {
  if (argument.length === 0) return '""';
  if (CONTROL_CHARACTERS.test(argument)) {
    throw new DesktopEntryError(
      `an Exec argument must not contain control characters: ${JSON.stringify(argument)}`,
    );
  }
  // A literal percent sign is written %% so it is never read as a field code.
  const percentSafe = argument.replace(/%/g, '%%');
  if (BARE_ARGUMENT.test(argument)) return percentSafe;
  return `"${percentSafe.replace(ESCAPED_IN_QUOTES, (character) => `\\${character}`)}"`;
}

/** Builds the Exec value: the program and its fixed arguments quoted, then the field code. */
export function buildExecLine(
  program: string,
  args: readonly string[] = [],
  fieldCode?: DesktopFieldCode,
): string {
  if (program.length === 0) throw new DesktopEntryError('the Exec program must not be empty');
  const parts = [program, ...args].map(quoteExecArgument);
  if (fieldCode !== undefined) parts.push(fieldCode);
  return parts.join(' ');
}

/**
 * Escapes a value of type string/localestring. The spec applies this escaping before the Exec
 * quoting is read, which is why a literal backslash inside a quoted argument ends up as four.
 */
export function escapeDesktopString(value: string): string {
  if (value.includes('\u0000')) {
    throw new DesktopEntryError('a .desktop value must not contain NUL');
  }
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/** Joins a list value (MimeType, Categories): each item ends with ';'. */
export function desktopList(items: readonly string[]): string {
  for (const item of items) {
    if (item.length === 0 || /[;\s\\]/.test(item)) {
      throw new DesktopEntryError(`invalid .desktop list item: ${JSON.stringify(item)}`);
    }
  }
  return items.map((item) => `${item};`).join('');
}

/** One key's value; booleans become true/false. Order of keys is kept. */
export type DesktopEntryValue = string | boolean;

/**
 * Renders a `[Desktop Entry]` group, keys in the given order. Every string value gets the
 * string-level escaping, Exec included (the spec reads that escaping first, then the quoting).
 */
export function renderDesktopEntry(
  entries: ReadonlyArray<readonly [key: string, value: DesktopEntryValue]>,
): string {
  const lines = ['[Desktop Entry]'];
  for (const [key, value] of entries) {
    if (!/^[A-Za-z0-9-]+$/.test(key)) throw new DesktopEntryError(`invalid .desktop key: ${key}`);
    const text = typeof value === 'boolean' ? String(value) : escapeDesktopString(value);
    lines.push(`${key}=${text}`);
  }
  return `${lines.join('\n')}\n`;
}
