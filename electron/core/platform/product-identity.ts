// The names the installers, the OS registrations and the app itself must agree on. The
// packaging tests check electron-builder.yml against these, so a rename happens in one place.

export const PRODUCT_NAME = 'Accolades Connector';
/** Reverse-DNS id: macOS bundle id, Windows AppUserModelID, electron-builder appId. */
export const APP_ID = 'ro.accolades.connector';
/** Linux executable and .desktop base name (also the deb package name). */
export const LINUX_EXECUTABLE_NAME = 'accolades-connector';
export const LINUX_DESKTOP_FILE_NAME = `${LINUX_EXECUTABLE_NAME}.desktop`;
/** Windows executable file name as electron-builder names it (product name + .exe). */
export const WINDOWS_EXECUTABLE_NAME = `${PRODUCT_NAME}.exe`;

/** URL schemes the app handles for click-to-call. */
export const PROTOCOL_SCHEMES = ['tel', 'callto'] as const;
export type ProtocolScheme = (typeof PROTOCOL_SCHEMES)[number];

/** Command-line switch the autostart entries pass so the app starts in the tray, no window. */
export const HIDDEN_START_SWITCH = '--hidden';
