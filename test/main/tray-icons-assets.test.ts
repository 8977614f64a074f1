// The committed tray icons exist for every state and platform, have the sizes their names
// promise, and are exactly what the generator script draws (so nobody edits one by hand).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TRAY_ICON_NAMES, trayIconFile } from '../../electron/main/tray/tray-icons.js';

const assets = fileURLToPath(new URL('../../electron/assets/', import.meta.url));
const script = fileURLToPath(
  new URL('../../build/scripts/generate-tray-icons.mjs', import.meta.url),
);
const temp = mkdtempSync(join(tmpdir(), 'tray-icons-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function pngSize(file: string): { width: number; height: number; colorType: number } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), colorType: data[25]! };
}

describe('tray icon assets', () => {
  it.each(TRAY_ICON_NAMES)(
    '%s: PNG 16 + @2x 32, template 16 + @2x 32, ICO with 16 and 32',
    (name) => {
      for (const platform of ['linux', 'darwin'] as const) {
        const file = trayIconFile(name, platform);
        expect(pngSize(join(assets, file))).toEqual({ width: 16, height: 16, colorType: 6 });
        expect(pngSize(join(assets, file.replace('.png', '@2x.png')))).toEqual({
          width: 32,
          height: 32,
          colorType: 6,
        });
      }
      const ico = readFileSync(join(assets, trayIconFile(name, 'win32')));
      expect(ico.readUInt16LE(2)).toBe(1);
      expect(ico.readUInt16LE(4)).toBe(2);
      expect([ico[6], ico[22]]).toEqual([16, 32]);
    },
  );

  it('are what build/scripts/generate-tray-icons.mjs produces', async () => {
    const { generateTrayIcons } = (await import(script)) as {
      generateTrayIcons: (dir: string) => string[];
    };
    const written = generateTrayIcons(temp);
    expect(written).toHaveLength(TRAY_ICON_NAMES.length * 5);
    for (const name of written) {
      expect(readFileSync(join(temp, name)).equals(readFileSync(join(assets, name))), name).toBe(
        true,
      );
    }
  });
});
