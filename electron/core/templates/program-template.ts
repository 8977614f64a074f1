// Program templates: the admin names an absolute program and an argv array; caller data only
// ever fills in argv elements, and the program is started without a shell (see
// actions/program-launcher.ts). Batch files are refused because Windows runs them through
// cmd.exe whatever spawn is told (BatBadBut, CVE-2024-27980).
//
// Two more rules keep a hostile caller id from steering the program:
//   - a value drawn from the caller's number may hold only what a dialable number holds
//     (digits, +, *, #), so it can never be a switch (/uninstall, /S /D=…), an option or a
//     shell word; and no value may begin an argument with "-" or "/";
//   - shells, script hosts and launchers that run another program named in their arguments
//     (cmd, powershell, sh, env, …) are refused as the program: they read their arguments as
//     code. Interpreters such as node or python are allowed: they run the admin's script file
//     and hand it the caller's digits as plain argv, and refusing them would leave no way to
//     run a script hook on Windows, where batch files are already refused. The list is a guard
//     against a mistaken rule, not a sandbox: the digits-only rule above is what keeps caller
//     text out of any interpreter.
import path from 'node:path';
import type { ProgramTemplate } from '../config/schema.js';
import { parseTemplate, placeholdersOf, type TemplateSegment } from './template-syntax.js';
import {
  checkPlaceholder,
  isNumberPlaceholder,
  resolvePlaceholder,
  type TemplateValues,
} from './template-values.js';

export type RenderProgramResult =
  { ok: true; program: string; args: string[] } | { ok: false; error: string };

export const MAX_ARGS = 64;

/** All a value drawn from the caller's number may hold when it lands in an argument. */
const DIALABLE = /^[0-9+*#]*$/;

/** True for .bat / .cmd targets, whatever the case and trailing dots or spaces Windows ignores. */
export function isBatchScript(program: string): boolean {
  const cleaned = program.replace(/[. ]+$/, '').toLowerCase();
  return cleaned.endsWith('.bat') || cleaned.endsWith('.cmd');
}

/**
 * Programs that read their arguments as commands: shells, Windows script hosts, and launchers
 * that start whatever program their arguments name (env sh -c …, sudo, xargs). Compared by the
 * file name without folder, case, a trailing .exe or .com, and the dots, spaces and :stream
 * suffix Windows ignores.
 */
const SHELLS_AND_SCRIPT_HOSTS = new Set([
  // POSIX shells (and the multi-call binaries that contain one)
  ...['sh', 'bash', 'rbash', 'zsh', 'dash', 'ash', 'fish', 'ksh', 'mksh', 'pdksh', 'yash'],
  ...['csh', 'tcsh', 'busybox', 'toybox'],
  // Windows shells, script hosts and programs that run code named in their arguments
  ...['cmd', 'command', 'powershell', 'powershell_ise', 'pwsh', 'wscript', 'cscript', 'mshta'],
  ...['rundll32', 'regsvr32', 'forfiles', 'conhost', 'wt', 'wsl', 'osascript'],
  // Launchers of another program named in their arguments
  ...['env', 'xargs', 'sudo', 'doas', 'su', 'pkexec', 'runas', 'nohup', 'nice', 'timeout'],
  ...['setsid', 'stdbuf', 'chroot', 'flock', 'watch', 'script', 'time', 'ssh', 'at'],
]);

function fileNameOf(program: string): string {
  return program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1);
}

/** The program's file name as Windows or a POSIX system would resolve it, lower-cased. */
function programName(program: string): string {
  const withoutStream = fileNameOf(program).split(':')[0]!;
  return withoutStream
    .replace(/[. ]+$/, '')
    .toLowerCase()
    .replace(/\.(exe|com)$/, '');
}

function isWindowsPath(program: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(program) || program.startsWith('\\\\');
}

/** Why this program would hand its arguments to a shell, or undefined when it does not. */
export function shellOrScriptHostProblem(program: string): string | undefined {
  const name = programName(program);
  if (SHELLS_AND_SCRIPT_HOSTS.has(name)) {
    return `The program "${program}" is a shell or script host (${name}): it reads its arguments as commands, so caller data could run them. Point to the CRM's own program instead.`;
  }
  // POWERS~1.EXE is powershell.exe under its short name; any short name could hide a shell.
  if (isWindowsPath(program) && /~\d/.test(fileNameOf(program))) {
    return `The program "${program}" is written with a short (8.3) name, which could hide any program; write its full name.`;
  }
  return undefined;
}

/** An absolute POSIX path (/opt/crm/crm) or Windows path (C:\CRM\crm.exe, \\server\share\crm.exe). */
export function isAbsoluteProgramPath(program: string): boolean {
  return (
    path.posix.isAbsolute(program) ||
    /^[A-Za-z]:[\\/]/.test(program) ||
    /^\\\\[^\\]+\\[^\\]+\\/.test(program)
  );
}

/** Describes the first NUL, CR or LF in a value, or undefined when there is none. */
export function findLineBreakOrNul(value: string): string | undefined {
  const m = /[\0\r\n]/.exec(value);
  if (!m) return undefined;
  const name =
    m[0] === '\0' ? 'a NUL character' : m[0] === '\r' ? 'a carriage return' : 'a line break';
  return `${name} at position ${m.index + 1}`;
}

/** Why a program path may not be started, or undefined when it may. */
export function checkProgramPath(program: string): string | undefined {
  if (typeof program !== 'string' || program.trim() === '') return 'The program path is empty.';
  const bad = findLineBreakOrNul(program);
  if (bad) return `The program path contains ${bad}.`;
  if (!isAbsoluteProgramPath(program)) {
    return `The program "${program}" must be an absolute path (like /opt/crm/crm or C:\\CRM\\crm.exe).`;
  }
  if (isBatchScript(program)) {
    return `The program "${program}" is a .bat/.cmd script; Windows runs those through cmd.exe, where caller data could run commands. Point to an .exe instead.`;
  }
  return shellOrScriptHostProblem(program);
}

/** Problems with a program template (empty when it can be saved). */
export function checkProgramTemplate(run: ProgramTemplate): string[] {
  const problems: string[] = [];
  const program = typeof run?.program === 'string' ? run.program : '';
  const programTemplate = parseTemplate(program);
  if (placeholdersOf(programTemplate).length > 0) {
    problems.push('The program path may not contain placeholders; put them in the arguments.');
  } else {
    const pathProblem = checkProgramPath(program);
    if (pathProblem) problems.push(pathProblem);
  }
  const args = Array.isArray(run?.args) ? run.args : [];
  if (args.length > MAX_ARGS)
    problems.push(`Too many arguments (${args.length}); at most ${MAX_ARGS}.`);
  args.forEach((arg, index) => {
    const parsed = parseTemplate(arg);
    for (const problem of parsed.problems) problems.push(`Argument ${index + 1}: ${problem}`);
    for (const p of placeholdersOf(parsed)) {
      const problem = checkPlaceholder(p.name, p.format);
      if (problem) problems.push(`Argument ${index + 1}: ${problem}`);
    }
    const bad = findLineBreakOrNul(arg);
    if (bad) problems.push(`Argument ${index + 1} contains ${bad}.`);
  });
  return problems;
}

/**
 * The exact program and argv for one call. A value drawn from the caller's number may hold
 * only digits, +, * and #; and a value that starts an argument may not start with "-" or "/",
 * or it could pass itself off as an option or a Windows switch (CWE-88): write
 * "--phone={number}" or put a fixed argument before it.
 */
export function renderProgram(run: ProgramTemplate, values: TemplateValues): RenderProgramResult {
  return renderCompiledProgram(compileProgramTemplate(run), values);
}

/** A program template checked and parsed once (per configuration), ready for many calls. */
export type CompiledProgramTemplate =
  | { ok: false; error: string }
  | { ok: true; program: string; args: readonly (readonly TemplateSegment[])[] };

export function compileProgramTemplate(run: ProgramTemplate): CompiledProgramTemplate {
  const problems = checkProgramTemplate(run);
  if (problems.length > 0) return { ok: false, error: problems.join(' ') };
  return { ok: true, program: run.program, args: run.args.map((a) => parseTemplate(a).segments) };
}

/** renderProgram with the template already compiled. */
export function renderCompiledProgram(
  compiled: CompiledProgramTemplate,
  values: TemplateValues,
): RenderProgramResult {
  if (!compiled.ok) return { ok: false, error: compiled.error };
  const args: string[] = [];
  for (const [index, segments] of compiled.args.entries()) {
    let out = '';
    for (const segment of segments) {
      if (segment.kind === 'text') {
        out += segment.text;
        continue;
      }
      const value = resolvePlaceholder(values, segment.name, segment.format);
      if (!value.ok) return { ok: false, error: `Argument ${index + 1}: ${value.error}` };
      const bad = findLineBreakOrNul(value.value);
      if (bad)
        return {
          ok: false,
          error: `Argument ${index + 1}: the value of ${segment.source} contains ${bad}; refused.`,
        };
      if (isNumberPlaceholder(segment.name) && !DIALABLE.test(value.value)) {
        return {
          ok: false,
          error: `Argument ${index + 1}: the value of ${segment.source} (${JSON.stringify(value.value)}) has characters a phone number does not have; only digits, +, * and # of the caller's number reach a program. Refused (write {e164}, {national} or {digits} to pass the number whatever else the caller id holds).`,
        };
      }
      if (out === '' && value.value.startsWith('-')) {
        return {
          ok: false,
          error: `Argument ${index + 1}: the value of ${segment.source} starts with "-" and would be read as an option; refused.`,
        };
      }
      if (out === '' && value.value.startsWith('/')) {
        return {
          ok: false,
          error: `Argument ${index + 1}: the value of ${segment.source} starts with "/" and would be read as a switch; refused.`,
        };
      }
      out += value.value;
    }
    args.push(out);
  }
  return { ok: true, program: compiled.program, args };
}
