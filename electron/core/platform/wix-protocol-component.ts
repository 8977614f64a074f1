// The tel:/callto: registration for the MSI. electron-builder's MSI does not run the NSIS
// additions, so build/msi-project-created.mjs inserts this WiX component (the same values as
// windows-protocol-registry.ts) into the generated project before WiX compiles it. HKMU means
// HKLM for the per-machine MSI; Windows Installer removes the values again on uninstall.
import { WINDOWS_EXECUTABLE_NAME } from './product-identity.js';
import { windowsProtocolRegistration } from './windows-protocol-registry.js';

/** Fixed so upgrades keep counting the component as the same one. */
export const PROTOCOL_COMPONENT_GUID = '{485130EB-98CE-59EC-97B5-707F9B9AEB82}';
export const PROTOCOL_COMPONENT_ID = 'accoladesProtocolRegistration';
/** Windows Installer property holding the install folder, with a trailing backslash. */
export const INSTALL_FOLDER_PROPERTY = '[APPLICATIONFOLDER]';

// A placeholder folder no real value contains; swapped for the property after escaping.
const SENTINEL_FOLDER = 'C:\\AccoladesInstallFolderSentinel\\';

function escapeXmlAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Literal text inside a Windows Installer "Formatted" value: brackets and braces escaped. */
function escapeFormatted(text: string): string {
  return text.replace(/[[\]{}]/g, (character) => `[\\${character}]`);
}

/** One <Component> with a RegistryValue per value; the first is the key path. */
export function wixProtocolComponent(executableName: string = WINDOWS_EXECUTABLE_NAME): string {
  const values = windowsProtocolRegistration({
    executablePath: `${SENTINEL_FOLDER}${executableName}`,
    scope: 'per-machine',
  });
  const lines = values.map((value, index) => {
    const data = escapeFormatted(value.data).split(SENTINEL_FOLDER).join(INSTALL_FOLDER_PROPERTY);
    const attributes = [
      'Root="HKMU"',
      `Key="${escapeXmlAttribute(value.key)}"`,
      ...(value.name === '' ? [] : [`Name="${escapeXmlAttribute(escapeFormatted(value.name))}"`]),
      'Type="string"',
      `Value="${escapeXmlAttribute(data)}"`,
      ...(index === 0 ? ['KeyPath="yes"'] : []),
    ];
    return `        <RegistryValue ${attributes.join(' ')}/>`;
  });
  return [
    `      <Component Id="${PROTOCOL_COMPONENT_ID}" Guid="${PROTOCOL_COMPONENT_GUID}">`,
    ...lines,
    '      </Component>',
  ].join('\n');
}

/** Adds the component to the ProductComponents group of an electron-builder WiX project. */
export function insertProtocolComponent(wxs: string, component = wixProtocolComponent()): string {
  if (wxs.includes(`Id="${PROTOCOL_COMPONENT_ID}"`)) return wxs;
  const opening = /<ComponentGroup Id="ProductComponents"[^>]*>/.exec(wxs);
  if (opening === null) {
    throw new Error('the WiX project has no ProductComponents group; electron-builder changed?');
  }
  const close = wxs.indexOf('</ComponentGroup>', opening.index);
  if (close < 0) throw new Error('the ProductComponents group is not closed');
  return `${wxs.slice(0, close)}${component}\n    ${wxs.slice(close)}`;
}
