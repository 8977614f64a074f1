// electron-builder hook (msiProjectCreated): adds the tel:/callto: registration to the MSI's
// WiX project. The component comes from the compiled core (npm run build runs before dist).
import { readFile, writeFile } from 'node:fs/promises';

export default async function msiProjectCreated(projectFile) {
  let platform;
  try {
    platform = await import('../dist/electron/core/platform/wix-protocol-component.js');
  } catch (error) {
    throw new Error(`run "npm run build" before "npm run dist" (${error.message})`);
  }
  const wxs = await readFile(projectFile, 'utf8');
  await writeFile(projectFile, platform.insertProtocolComponent(wxs), 'utf8');
}
