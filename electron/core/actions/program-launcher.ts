// Production ProgramLauncher: spawn with an argv array and never a shell, detached so the
// program outlives the connector, output ignored. The policy is checked here again (absolute
// path, no .bat/.cmd, no NUL/CR/LF) as the last line of defence, and a missing or
// non-executable program becomes a clear error instead of an unhandled 'error' event.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { ProgramLauncher } from '../ports.js';
import { checkProgramPath, findLineBreakOrNul } from '../templates/program-template.js';
import { errorMessage } from '../error-message.js';

export type SpawnFunction = (
  command: string,
  args: readonly string[],
  options: SpawnOptions,
) => ChildProcess;

export const LAUNCH_OPTIONS: SpawnOptions = Object.freeze({
  shell: false,
  detached: true,
  stdio: 'ignore',
  windowsHide: true,
});

export class SpawnProgramLauncher implements ProgramLauncher {
  constructor(private readonly spawnFn: SpawnFunction = nodeSpawn) {}

  launch(program: string, args: readonly string[]): Promise<{ pid: number | undefined }> {
    const refused = checkProgramPath(program);
    if (refused) return Promise.reject(new Error(`Not started: ${refused}`));
    for (const [index, arg] of args.entries()) {
      if (typeof arg !== 'string')
        return Promise.reject(new Error(`Not started: argument ${index + 1} is not text.`));
      const bad = findLineBreakOrNul(arg);
      if (bad)
        return Promise.reject(new Error(`Not started: argument ${index + 1} contains ${bad}.`));
    }
    return new Promise((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = this.spawnFn(program, [...args], { ...LAUNCH_OPTIONS });
      } catch (error) {
        reject(new Error(`Could not start ${program}: ${describeSpawnError(error)}`));
        return;
      }
      child.once('error', (error) =>
        reject(new Error(`Could not start ${program}: ${describeSpawnError(error)}`)),
      );
      child.once('spawn', () => {
        // Keep listening: a late error must not become an uncaught exception.
        child.on('error', () => {});
        child.unref();
        resolve({ pid: child.pid });
      });
    });
  }
}

function describeSpawnError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the program does not exist (ENOENT).';
  if (code === 'EACCES') return 'the program is not executable or access is denied (EACCES).';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder (ENOTDIR).';
  if (code === 'EISDIR') return 'the path is a folder, not a program (EISDIR).';
  const text = errorMessage(error);
  return code ? `${text} (${code}).` : text;
}
