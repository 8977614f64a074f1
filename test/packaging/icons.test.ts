import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from './load-builder-config.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const buildFolder = join(projectRoot, 'build');

/** Checks a PNG structurally: signature, chunk CRCs, IHDR, and that IDAT inflates to the size. */
function readPng(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  let sawEnd = false;
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = bytes.readUInt32BE(offset + 8 + length);
    expect(crc, `${type} CRC`).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]); // 8-bit RGBA
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') sawEnd = true;
    offset += 12 + length;
  }
  expect(sawEnd).toBe(true);
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (width * 4 + 1));
  return { width, height };
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('application icons in build/', () => {
  it('icon.png and the Linux set are RGBA PNGs of the right size', async () => {
    expect(readPng(await readFile(join(buildFolder, 'icon.png')))).toEqual({
      width: 512,
      height: 512,
    });
    for (const size of [256, 512]) {
      const file = join(buildFolder, 'icons', `${size}x${size}.png`);
      expect(readPng(await readFile(file))).toEqual({ width: size, height: size });
    }
  });

  it('icon.ico holds PNG entries up to 256 px, each where its directory says', async () => {
    const ico = await readFile(join(buildFolder, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const at = 6 + index * 16;
      const declared = ico[at] === 0 ? 256 : ico[at]!;
      const length = ico.readUInt32LE(at + 8);
      const offset = ico.readUInt32LE(at + 12);
      expect(ico.readUInt16LE(at + 6)).toBe(32);
      const png = readPng(ico.subarray(offset, offset + length));
      expect(png).toEqual({ width: declared, height: declared });
      sizes.push(declared);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('icon.icns holds ic07–ic10 PNG entries of 128–1024 px', async () => {
    const icns = await readFile(join(buildFolder, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found = new Map<string, number>();
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      expect(length).toBeGreaterThan(8);
      found.set(type, readPng(icns.subarray(offset + 8, offset + length)).width);
      offset += length;
    }
    expect(Object.fromEntries(found)).toEqual({ ic07: 128, ic08: 256, ic09: 512, ic10: 1024 });
  });

  describe('the generator', () => {
    let folder: string;
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'icons-'));
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('reproduces the committed files byte for byte', async () => {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [join(buildFolder, 'generate-icons.mjs'), folder], {
          stdio: 'ignore',
        });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
      });
      for (const file of [
        'icon.png',
        'icon.ico',
        'icon.icns',
        'icons/256x256.png',
        'icons/512x512.png',
      ]) {
        const fresh = await readFile(join(folder, file));
        const committed = await readFile(join(buildFolder, file));
        expect(fresh.equals(committed), `${file} is stale: run node build/generate-icons.mjs`).toBe(
          true,
        );
      }
    });
  });
});
