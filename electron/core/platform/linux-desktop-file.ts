// The Linux launcher entry that makes the app a handler for tel: and callto: links. The deb
// package gets an equivalent file from electron-builder (from `protocols` in
// electron-builder.yml); this generator is for the cases the package manager does not cover:
// an AppImage or an unpacked build registering itself under ~/.local/share/applications.
import { isAbsolute, join } from 'node:path/posix';
import { buildExecLine, desktopList, renderDesktopEntry } from './desktop-entry.js';
import {
  LINUX_DESKTOP_FILE_NAME,
  LINUX_EXECUTABLE_NAME,
  PRODUCT_NAME,
  PROTOCOL_SCHEMES,
  type ProtocolScheme,
} from './product-identity.js';

export interface LinuxDesktopFileOptions {
  /**
   * Absolute path of what to run. For an AppImage this is the AppImage file itself (the
   * APPIMAGE environment variable), not the executable inside the temporary mount.
   */
  executablePath: string;
  /** Extra fixed arguments before the link, e.g. for a development build. */
  args?: readonly string[];
  /** Icon name from the icon theme or an absolute PNG path. */
  icon?: string;
  comment?: string;
  schemes?: readonly ProtocolScheme[];
}

/** `x-scheme-handler/<scheme>` for each scheme, the MIME form desktop environments look up. */
export function schemeMimeTypes(schemes: readonly ProtocolScheme[] = PROTOCOL_SCHEMES): string[] {
  return schemes.map((scheme) => `x-scheme-handler/${scheme}`);
}

export function requireAbsoluteLinuxPath(path: string, what: string): void {
  if (!isAbsolute(path))
    throw new Error(`${what} must be an absolute path, got ${JSON.stringify(path)}`);
}

/** The full text of accolades-connector.desktop. One link per launch: `%u`. */
export function linuxDesktopFile(options: LinuxDesktopFileOptions): string {
  requireAbsoluteLinuxPath(options.executablePath, 'the executable path');
  return renderDesktopEntry([
    ['Type', 'Application'],
    ['Version', '1.5'],
    ['Name', PRODUCT_NAME],
    ['GenericName', 'Click-to-call and screen-pop'],
    ['Comment', options.comment ?? 'Calls tel: and callto: links through Accolades'],
    ['Exec', buildExecLine(options.executablePath, options.args ?? [], '%u')],
    ['Icon', options.icon ?? LINUX_EXECUTABLE_NAME],
    ['Terminal', false],
    // Telephony is an additional category; the spec wants it paired with Network.
    ['Categories', desktopList(['Network', 'Telephony'])],
    ['MimeType', desktopList(schemeMimeTypes(options.schemes))],
    ['StartupWMClass', LINUX_EXECUTABLE_NAME],
  ]);
}

/**
 * Per-user location of the launcher entry: $XDG_DATA_HOME/applications (default
 * ~/.local/share/applications). A relative XDG_DATA_HOME is invalid per XDG and ignored.
 * After writing it, run `update-desktop-database` on that folder and
 * `xdg-mime default accolades-connector.desktop x-scheme-handler/tel` to make it the default.
 */
export function linuxUserDesktopFilePath(
  env: Readonly<Record<string, string | undefined>>,
  homeDirectory: string,
): string {
  requireAbsoluteLinuxPath(homeDirectory, 'the home directory');
  const configured = env.XDG_DATA_HOME;
  const dataHome =
    configured !== undefined && configured.startsWith('/')
      ? configured
      : join(homeDirectory, '.local', 'share');
  return join(dataHome, 'applications', LINUX_DESKTOP_FILE_NAME);
}
