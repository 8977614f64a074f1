// "Start at login". macOS and Windows: Electron's login item settings. Linux: Electron does
// nothing there, so we write (or remove) an XDG autostart .desktop entry ourselves; its content
// comes from the core's pure builder.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { app } from 'electron';
import { linuxAutostartEntry, linuxAutostartFilePath } from '../core/platform/linux-autostart.js';
import { HIDDEN_START_SWITCH } from '../core/platform/product-identity.js';

export interface LoginItemEnvironment {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homeDirectory: string;
  /** The running executable (process.execPath). */
  executablePath: string;
}

export interface AutostartFileSystem {
  writeFile(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
}

const nodeFileSystem: AutostartFileSystem = {
  async writeFile(path, text) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, { encoding: 'utf8', mode: 0o644 });
  },
  async remove(path) {
    await rm(path, { force: true });
  },
};

/** An AppImage runs from a temporary mount; the file to start at login is the AppImage itself. */
function linuxExecutableForAutostart(environment: LoginItemEnvironment): string {
  return environment.env.APPIMAGE ?? environment.executablePath;
}

export async function applyStartAtLogin(
  enabled: boolean,
  environment: LoginItemEnvironment,
  fileSystem: AutostartFileSystem = nodeFileSystem,
): Promise<void> {
  if (environment.platform === 'linux') {
    const path = linuxAutostartFilePath(environment.env, environment.homeDirectory);
    if (enabled) {
      await fileSystem.writeFile(
        path,
        linuxAutostartEntry({ executablePath: linuxExecutableForAutostart(environment) }),
      );
    } else {
      await fileSystem.remove(path);
    }
    return;
  }
  app.setLoginItemSettings({
    openAtLogin: enabled,
    // Start in the tray without opening a window (Windows reads args; macOS opens hidden).
    args: [HIDDEN_START_SWITCH],
  });
}
