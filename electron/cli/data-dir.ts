// Where `run` keeps the call history when no --data-dir is given: the usual per-user data
// folder of each OS. A pure function of platform, environment and home, so tests can pin it.
import path from 'node:path';

export function defaultDataDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  switch (platform) {
    case 'win32': {
      const base = env.LOCALAPPDATA ?? env.APPDATA ?? path.win32.join(home, 'AppData', 'Local');
      return path.win32.join(base, 'Accolades Connector', 'cli');
    }
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'Accolades Connector', 'cli');
    default: {
      const xdg = env.XDG_DATA_HOME;
      // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
      const base =
        xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share');
      return path.posix.join(base, 'accolades-connector', 'cli');
    }
  }
}
