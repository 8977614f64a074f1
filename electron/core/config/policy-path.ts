// Where the machine-wide policy file lives, and which file each program obeys. Pure functions of
// platform, environment and (for the tray app) whether it is the installed build, so the app,
// the CLI and the tests agree and nothing here touches the real machine.
//
// Why the installed app ignores ACCOLADES_POLICY_FILE: the environment belongs to the agent, and
// the policy is the administrator's. An agent who could point the app at their own policy file
// could unlock every setting and name the update feed (which decides what code runs next). The
// variable stays for the headless CLI (run by whoever runs it, often the admin on a server) and
// for development builds (`electron .`), where it is how a policy is tried out.
import path from 'node:path';

export const POLICY_FILE_ENV = 'ACCOLADES_POLICY_FILE';

type Env = Readonly<Record<string, string | undefined>>;

/** The standard ProgramData folder; Microsoft does not support moving it anywhere else. */
const DEFAULT_PROGRAM_DATA = 'C:\\ProgramData';
/** `D:\ProgramData`: the only shape a real ProgramData has (a drive's root folder). */
const PROGRAM_DATA_SHAPE = /^[A-Za-z]:\\ProgramData\\?$/i;

/**
 * ProgramData as the machine has it. The variable can be overridden by a per-user environment
 * variable, so only the standard shape `<drive>:\ProgramData` is taken from it.
 */
function programDataFolder(env: Env): { folder: string; ignored?: string } {
  const given = env.ProgramData ?? env.PROGRAMDATA;
  if (given === undefined || given === '') return { folder: DEFAULT_PROGRAM_DATA };
  if (PROGRAM_DATA_SHAPE.test(given)) return { folder: given.replace(/\\$/, '') };
  return { folder: DEFAULT_PROGRAM_DATA, ignored: given };
}

/** The administrator's file for this OS, ignoring ACCOLADES_POLICY_FILE. */
export function machinePolicyFile(
  platform: NodeJS.Platform,
  env: Env,
): { path: string; note?: string } {
  switch (platform) {
    case 'win32': {
      const { folder, ignored } = programDataFolder(env);
      const file = path.win32.join(folder, 'Accolades Connector', 'policy.json');
      return ignored === undefined
        ? { path: file }
        : { path: file, note: `ProgramData=${ignored} ignored` };
    }
    case 'darwin':
      return { path: '/Library/Application Support/Accolades Connector/policy.json' };
    default:
      return { path: '/etc/accolades-connector/policy.json' };
  }
}

/** The CLI's policy file: ACCOLADES_POLICY_FILE when set, else the machine-wide file. */
export function policyFilePath(platform: NodeJS.Platform, env: Env): string {
  const override = env[POLICY_FILE_ENV];
  if (override && override.trim() !== '') return override;
  return machinePolicyFile(platform, env).path;
}

export interface PolicyFileChoice {
  path: string;
  /** Why this file, in plain words for the log ("machine-wide; … ignored in the installed app"). */
  reason: string;
}

/**
 * The tray app's policy file. The installed app (Electron's `app.isPackaged`) reads only the
 * machine-wide file; a development build honours ACCOLADES_POLICY_FILE like the CLI.
 */
export function appPolicyFile(options: {
  platform: NodeJS.Platform;
  env: Env;
  packaged: boolean;
}): PolicyFileChoice {
  const override = options.env[POLICY_FILE_ENV];
  const overridden = override !== undefined && override.trim() !== '';
  if (overridden && !options.packaged) {
    return { path: override, reason: `${POLICY_FILE_ENV}; development build` };
  }
  const machine = machinePolicyFile(options.platform, options.env);
  const notes = ['machine-wide'];
  if (overridden) notes.push(`${POLICY_FILE_ENV} ignored in the installed app`);
  if (machine.note !== undefined) notes.push(machine.note);
  return { path: machine.path, reason: notes.join('; ') };
}
