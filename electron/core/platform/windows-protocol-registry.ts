// The registry values that make Windows treat the app as a tel:/callto: handler, as plain data.
// Windows lists an app under Settings > Apps > Default apps only when it declares Capabilities
// with URLAssociations and names them under RegisteredApplications; the user then picks it (we
// cannot and must not set UserChoice ourselves). build/installer.nsh writes the same values; a
// packaging test checks the two agree. Values can also be exported as a .reg file for admins
// who deploy the MSI and want the registration through Group Policy.
import { PRODUCT_NAME, PROTOCOL_SCHEMES, type ProtocolScheme } from './product-identity.js';

export type RegistryHive = 'HKCU' | 'HKLM';

/** One REG_SZ value. `name` '' is the key's (Default) value. */
export interface RegistryValue {
  hive: RegistryHive;
  /** Key path below the hive, backslash-separated, no leading backslash. */
  key: string;
  name: string;
  data: string;
}

export interface WindowsProtocolRegistrationOptions {
  /** Absolute path of the installed .exe. */
  executablePath: string;
  /** per-user install → HKCU, per-machine install → HKLM. */
  scope: 'per-user' | 'per-machine';
  schemes?: readonly ProtocolScheme[];
}

/** Where the Capabilities live; RegisteredApplications points here. */
export const CAPABILITIES_KEY = `Software\\Accolades\\${PRODUCT_NAME}\\Capabilities`;
export const REGISTERED_APPLICATIONS_KEY = 'Software\\RegisteredApplications';

/** ProgID per scheme, e.g. AccoladesConnector.tel (no spaces, per ProgID rules). */
export function protocolProgId(scheme: ProtocolScheme): string {
  return `AccoladesConnector.${scheme}`;
}

const DRIVE_PATH = /^[A-Za-z]:\\[^\\]/;
const UNC_PATH = /^\\\\[^\\]+\\[^\\]+/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_PATH = /["<>|?*\u0000-\u001f]/;

/** Checks the path can sit between double quotes on a command line without breaking out. */
export function requireWindowsExecutablePath(path: string): void {
  if (!DRIVE_PATH.test(path) && !UNC_PATH.test(path)) {
    throw new Error(
      `the executable path must be absolute (C:\\... or \\\\server\\share\\...): ${path}`,
    );
  }
  if (FORBIDDEN_IN_PATH.test(path.slice(2))) {
    throw new Error(`the executable path contains a character Windows paths cannot hold: ${path}`);
  }
  if (!/\.exe$/i.test(path)) throw new Error(`the executable path must end in .exe: ${path}`);
}

/**
 * The open command: the exe quoted (paths have spaces) and the link as ONE quoted argument, so
 * a crafted link can never add switches. The app still parses the link strictly.
 */
export function protocolOpenCommand(executablePath: string): string {
  requireWindowsExecutablePath(executablePath);
  return `"${executablePath}" "%1"`;
}

/** Every value to write, in a stable order (parents before children). */
export function windowsProtocolRegistration(
  options: WindowsProtocolRegistrationOptions,
): RegistryValue[] {
  const hive: RegistryHive = options.scope === 'per-machine' ? 'HKLM' : 'HKCU';
  const schemes = options.schemes ?? PROTOCOL_SCHEMES;
  const command = protocolOpenCommand(options.executablePath);
  const icon = `"${options.executablePath}",0`;
  const values: RegistryValue[] = [];
  const add = (key: string, name: string, data: string): void => {
    values.push({ hive, key, name, data });
  };

  for (const scheme of schemes) {
    // The ProgID the Capabilities point to: what Windows runs once the user picks us.
    const progId = `Software\\Classes\\${protocolProgId(scheme)}`;
    add(progId, '', `${scheme}: link (${PRODUCT_NAME})`);
    add(progId, 'URL Protocol', '');
    add(`${progId}\\DefaultIcon`, '', icon);
    add(`${progId}\\shell\\open\\command`, '', command);
    // The scheme key itself, so links work where no other handler exists. On a machine where
    // the user already chose another app, Windows keeps that choice (UserChoice wins).
    const schemeKey = `Software\\Classes\\${scheme}`;
    add(schemeKey, '', `URL:${scheme}`);
    add(schemeKey, 'URL Protocol', '');
    add(`${schemeKey}\\DefaultIcon`, '', icon);
    add(`${schemeKey}\\shell\\open\\command`, '', command);
  }

  add(CAPABILITIES_KEY, 'ApplicationName', PRODUCT_NAME);
  add(
    CAPABILITIES_KEY,
    'ApplicationDescription',
    'Click-to-call and CRM screen-pops for the Accolades phone service',
  );
  add(CAPABILITIES_KEY, 'ApplicationIcon', icon);
  for (const scheme of schemes) {
    add(`${CAPABILITIES_KEY}\\URLAssociations`, scheme, protocolProgId(scheme));
  }
  add(REGISTERED_APPLICATIONS_KEY, PRODUCT_NAME, CAPABILITIES_KEY);
  return values;
}

const HIVE_NAMES: Record<RegistryHive, string> = {
  HKCU: 'HKEY_CURRENT_USER',
  HKLM: 'HKEY_LOCAL_MACHINE',
};

function regString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The values as a Registry Editor 5.00 file (UTF-16 LE with BOM when written to disk). */
export function toRegFile(values: readonly RegistryValue[]): string {
  const lines = ['Windows Registry Editor Version 5.00'];
  let currentKey = '';
  for (const value of values) {
    const key = `${HIVE_NAMES[value.hive]}\\${value.key}`;
    if (key !== currentKey) {
      lines.push('', `[${key}]`);
      currentKey = key;
    }
    const name = value.name === '' ? '@' : regString(value.name);
    lines.push(`${name}=${regString(value.data)}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
