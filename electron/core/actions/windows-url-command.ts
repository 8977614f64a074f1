// Windows: which program handles https, read from the registry with reg.exe ONCE at start.
//
// Why this route: the `open` package starts PowerShell for every link (hundreds of ms each,
// and a command interpreter between caller data and the browser), and `cmd /c start` would
// parse the URL as a command line (& | ^ are operators there). ShellExecute itself picks the
// browser from the https UserChoice ProgId, and that ProgId's shell\open\command is the command
// line it runs; reading both with reg.exe (a small console program, no script host) and then
// spawning the browser's .exe directly gives the same browser with the URL as one argument.
// Modern browsers register `--single-argument %1` (Chrome, Edge) or `-url "%1"` (Firefox).
import type { BrowserCommand, BrowserResolution, UrlSlot } from './browser-command.js';

export const USER_CHOICE_KEY =
  'HKCU\\Software\\Microsoft\\Windows\\Shell\\Associations\\UrlAssociations\\https\\UserChoice';

export type RunProgram = (program: string, args: readonly string[]) => Promise<string>;

/** The https handler's command, from the registry; never throws. */
export async function resolveWindowsBrowser(
  run: RunProgram,
  env: NodeJS.ProcessEnv,
): Promise<BrowserResolution> {
  const reg = `${env.SystemRoot ?? env.windir ?? 'C:\\Windows'}\\System32\\reg.exe`;
  let progId: string | undefined;
  try {
    progId = regValue(await run(reg, ['query', USER_CHOICE_KEY, '/v', 'ProgId']));
  } catch (error) {
    return { ok: false, reason: `no https UserChoice in the registry (${describe(error)})` };
  }
  if (!progId) return { ok: false, reason: 'the https UserChoice has no ProgId' };
  let commandLine: string | undefined;
  try {
    const key = `HKCR\\${progId}\\shell\\open\\command`;
    commandLine = regValue(await run(reg, ['query', key, '/ve']));
  } catch (error) {
    return { ok: false, reason: `${progId} has no shell\\open\\command (${describe(error)})` };
  }
  if (!commandLine) return { ok: false, reason: `${progId} has an empty open command` };
  const command = parseWindowsOpenCommand(expandEnv(commandLine, env), progId);
  if (!command) return { ok: false, reason: `cannot use ${progId}'s command: ${commandLine}` };
  return { ok: true, command };
}

/** The data of the one REG_SZ / REG_EXPAND_SZ line of a `reg query` answer. */
export function regValue(output: string): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+\S.*?\s+REG_(?:EXPAND_)?SZ\s+(.*)$/.exec(line);
    if (match) return match[1]!.trim();
  }
  return undefined;
}

/** %VAR% from the environment (REG_EXPAND_SZ); %1, %L, %* are left for the slot. */
function expandEnv(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/%([A-Za-z_][A-Za-z0-9_()]*)%/g, (whole, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? (env[key] ?? whole) : whole;
  });
}

/**
 * Splits an open command the way the C runtime splits a command line (quotes group, \" is a
 * quote), keeps only a direct .exe (a .bat/.cmd would run through cmd.exe) and turns the
 * first %1 / %L / %* into the URL slot; without one, the URL goes last.
 */
export function parseWindowsOpenCommand(
  commandLine: string,
  source: string,
): BrowserCommand | undefined {
  const tokens = splitWindowsCommandLine(commandLine);
  const [program, ...rest] = tokens;
  if (!program || !/^[A-Za-z]:\\|^\\\\/.test(program) || !/\.exe$/i.test(program)) return undefined;
  const args: (string | UrlSlot)[] = [];
  let sawUrl = false;
  for (const token of rest) {
    const match = /%[1L*]/i.exec(token);
    if (match && !sawUrl) {
      sawUrl = true;
      args.push({
        before: token.slice(0, match.index),
        after: token.slice(match.index + match[0].length),
      });
    } else if (!match) {
      args.push(token);
    }
  }
  if (!sawUrl) args.push({ before: '', after: '' });
  return { program, args, source };
}

function splitWindowsCommandLine(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let inQuotes = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '"') {
      current += '"';
      inToken = true;
      i += 1;
    } else if (c === '"') {
      inQuotes = !inQuotes;
      inToken = true;
    } else if ((c === ' ' || c === '\t') && !inQuotes) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
