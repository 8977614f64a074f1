// Which program is the default browser, resolved once (at start) so each pop is one direct
// spawn instead of a launcher script (xdg-open is a shell script, ~95 ms per link) or a
// PowerShell start (the `open` package on Windows). Plain Node; the process runner and the file
// reads are injected so tests drive real files in temp XDG folders.
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkProgramPath } from '../templates/program-template.js';
import type { BrowserResolution } from './browser-command.js';
import { parseDesktopExec, readDesktopExec, type DesktopExec } from './desktop-entry.js';
import { resolveWindowsBrowser, type RunProgram } from './windows-url-command.js';

export interface DefaultBrowserDeps {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
  /** Runs a program without a shell and returns its stdout. */
  run?: RunProgram;
  readText?: (file: string) => Promise<string>;
  isExecutable?: (file: string) => Promise<boolean>;
}

/** Never throws: a failure is a reason the caller logs once before falling back. */
export async function resolveDefaultBrowser(deps: DefaultBrowserDeps): Promise<BrowserResolution> {
  const run = deps.run ?? ((program, args) => runWithoutShell(program, args, deps.env));
  try {
    if (deps.platform === 'darwin') {
      // LaunchServices' own command-line front end; already a direct exec, no shell.
      return {
        ok: true,
        command: { program: '/usr/bin/open', args: [{ before: '', after: '' }], source: 'open' },
      };
    }
    if (deps.platform === 'win32') return await resolveWindowsBrowser(run, deps.env);
    return await resolveXdgBrowser({ ...deps, run });
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

async function resolveXdgBrowser(
  deps: DefaultBrowserDeps & { run: RunProgram },
): Promise<BrowserResolution> {
  const readText = deps.readText ?? ((file: string) => readFile(file, 'utf8'));
  const isExecutable = deps.isExecutable ?? canExecute;
  let desktopId: string;
  try {
    desktopId = (await deps.run('xdg-mime', ['query', 'default', 'x-scheme-handler/https'])).trim();
  } catch (error) {
    return { ok: false, reason: `xdg-mime could not tell the https handler (${firstLine(error)})` };
  }
  if (!/^[^/\0]+\.desktop$/.test(desktopId))
    return { ok: false, reason: 'the desktop has no default handler for https links' };

  for (const file of desktopFileCandidates(desktopId, deps.env, deps.homedir)) {
    let text: string;
    try {
      text = await readText(file);
    } catch {
      continue;
    }
    const entry = readDesktopExec(text);
    if (!entry.ok) return { ok: false, reason: `${file}: ${entry.reason}` };
    const parsed = parseDesktopExec(entry.exec);
    const exec = parsed && withoutEnvPrefix(parsed);
    if (!exec) return { ok: false, reason: `${file}: cannot read its Exec line` };
    const program = await findProgram(exec.program, deps.env, isExecutable);
    if (!program)
      return { ok: false, reason: `${file}: ${exec.program} is not an executable program` };
    // The launcher's own policy (no shell, no script host): checked now, not at every pop.
    const refused = checkProgramPath(program);
    if (refused) return { ok: false, reason: `${file}: ${refused}` };
    return { ok: true, command: { program, args: exec.args, source: desktopId } };
  }
  return { ok: false, reason: `${desktopId} was not found in the XDG data folders` };
}

/**
 * Where a desktop file ID can live (XDG Base Directory + Desktop Entry spec): applications/
 * under $XDG_DATA_HOME (default ~/.local/share) and then each of $XDG_DATA_DIRS (default
 * /usr/local/share:/usr/share), the ID as a name or with its dashes as subfolders
 * ("kde-foo.desktop" may be applications/kde/foo.desktop).
 */
export function desktopFileCandidates(
  desktopId: string,
  env: NodeJS.ProcessEnv,
  homedir: string,
): string[] {
  const dataHome = env.XDG_DATA_HOME || path.join(homedir, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share')
    .split(':')
    .filter((dir) => path.isAbsolute(dir));
  const names = [desktopId];
  const parts = desktopId.split('-');
  for (let i = 1; i < parts.length; i += 1)
    names.push(path.join(parts.slice(0, i).join('-'), parts.slice(i).join('-')));
  return [dataHome, ...dataDirs].flatMap((dir) =>
    names.map((name) => path.join(dir, 'applications', name)),
  );
}

/**
 * Snap's entries read `env BAMF_DESKTOP_FILE_HINT=… /snap/bin/firefox %u`: `env` is a launcher
 * of whatever its arguments name, which the launch policy refuses, so the program after the
 * NAME=value words is started directly (those variables are window-matching hints).
 */
function withoutEnvPrefix(exec: DesktopExec): DesktopExec | undefined {
  if (path.basename(exec.program) !== 'env') return exec;
  const rest = [...exec.args];
  while (typeof rest[0] === 'string' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0])) rest.shift();
  const [program, ...args] = rest;
  if (typeof program !== 'string' || program.startsWith('-')) return undefined;
  return { program, args };
}

/** An absolute program as is; a bare name searched in PATH, like execvp would. */
export async function findProgram(
  program: string,
  env: NodeJS.ProcessEnv,
  isExecutable: (file: string) => Promise<boolean> = canExecute,
): Promise<string | undefined> {
  if (path.isAbsolute(program)) return (await isExecutable(program)) ? program : undefined;
  if (program.includes('/')) return undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, program);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function canExecute(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Argv array, no shell, a short limit (it runs once, at start). The probe never holds the
 * process: a connector stopped while xdg-mime (a shell script, seconds on a loaded desktop) or
 * reg.exe is still answering exits at once instead of waiting for it. (execFile's own timeout
 * is a ref'd timer, hence spawn with an unref'd one.)
 */
function runWithoutShell(
  program: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...args], {
      shell: false,
      windowsHide: true,
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      // A launcher probe answers one line; anything huge is not that answer.
      if (stdout.length < PROBE_MAX_OUTPUT) stdout += chunk;
    });
    const timer = setTimeout(() => child.kill(), PROBE_TIMEOUT_MS);
    timer.unref();
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${program} ended with ${signal ?? `status ${String(code)}`}`));
    });
  });
}

const PROBE_TIMEOUT_MS = 5_000;
const PROBE_MAX_OUTPUT = 64 * 1024;

function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
