// The XDG autostart entry behind the "Start at login" setting on Linux: a .desktop file in
// $XDG_CONFIG_HOME/autostart (default ~/.config/autostart). Electron's setLoginItemSettings
// does nothing on Linux, so the app writes and removes this file itself.
import { join } from 'node:path/posix';
import { buildExecLine, renderDesktopEntry } from './desktop-entry.js';
import { requireAbsoluteLinuxPath } from './linux-desktop-file.js';
import {
  HIDDEN_START_SWITCH,
  LINUX_DESKTOP_FILE_NAME,
  LINUX_EXECUTABLE_NAME,
  PRODUCT_NAME,
} from './product-identity.js';

export interface LinuxAutostartOptions {
  /** Absolute path to run (for an AppImage: the AppImage file, from APPIMAGE). */
  executablePath: string;
  icon?: string;
}

/** Text of the autostart entry; starts the app in the tray without opening a window. */
export function linuxAutostartEntry(options: LinuxAutostartOptions): string {
  requireAbsoluteLinuxPath(options.executablePath, 'the executable path');
  return renderDesktopEntry([
    ['Type', 'Application'],
    ['Version', '1.5'],
    ['Name', PRODUCT_NAME],
    ['Comment', 'Start Accolades Connector in the tray at login'],
    ['Exec', buildExecLine(options.executablePath, [HIDDEN_START_SWITCH])],
    ['Icon', options.icon ?? LINUX_EXECUTABLE_NAME],
    ['Terminal', false],
    ['X-GNOME-Autostart-enabled', true],
  ]);
}

/**
 * Where the autostart entry lives. XDG says a relative XDG_CONFIG_HOME is invalid and must be
 * ignored, so only an absolute one is honoured.
 */
export function linuxAutostartFilePath(
  env: Readonly<Record<string, string | undefined>>,
  homeDirectory: string,
): string {
  requireAbsoluteLinuxPath(homeDirectory, 'the home directory');
  const configured = env.XDG_CONFIG_HOME;
  const configHome =
    configured !== undefined && configured.startsWith('/')
      ? configured
      : join(homeDirectory, '.config');
  return join(configHome, 'autostart', LINUX_DESKTOP_FILE_NAME);
}
