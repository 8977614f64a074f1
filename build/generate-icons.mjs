#!/usr/bin/env node
// Draws the application icon and writes the files electron-builder looks for in build/:
// icon.png (512), icons/256x256.png + icons/512x512.png (Linux), icon.ico (Windows, PNG entries)
// and icon.icns (macOS, PNG entries). Plain Node + zlib, no image library, no download, and the
// output is byte-for-byte reproducible so the committed files can be checked against it.
//   node build/generate-icons.mjs [output-folder]     (default: the folder of this script)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels (Uint8Array, size*size*4) → PNG file bytes. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    // Each scanline starts with filter type 0 (none).
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(
      rows,
      y * (size * 4 + 1) + 1,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp01 = (value) => Math.min(1, Math.max(0, value));

function roundedSquareDistance(x, y, half, radius) {
  const qx = Math.abs(x) - half + radius;
  const qy = Math.abs(y) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

// A handset: a thick arc over the upper-left, opening to the lower right, ending in two oval
// pads (earpiece and mouthpiece) laid along the arc.
const ARC = { radius: 0.2, thickness: 0.09, start: (3 * Math.PI) / 4, end: (7 * Math.PI) / 4 };
const PAD = { along: 0.1, across: 0.065 };

function padDistance(x, y, angle) {
  // Local frame at the arc end: r along the radius, t along the tangent.
  const cx = ARC.radius * Math.cos(angle);
  const cy = ARC.radius * Math.sin(angle);
  const dx = x - cx;
  const dy = y - cy;
  const r = dx * Math.cos(angle) + dy * Math.sin(angle);
  const t = -dx * Math.sin(angle) + dy * Math.cos(angle);
  return (Math.hypot(r / PAD.across, t / PAD.along) - 1) * PAD.across;
}

function handsetDistance(x, y) {
  let angle = Math.atan2(y, x);
  if (angle < Math.PI / 4) angle += 2 * Math.PI;
  const onArc = angle >= ARC.start && angle <= ARC.end;
  const arc = onArc ? Math.abs(Math.hypot(x, y) - ARC.radius) - ARC.thickness / 2 : Infinity;
  return Math.min(arc, padDistance(x, y, ARC.start), padDistance(x, y, ARC.end));
}

/** Renders the icon at `size` pixels (RGBA, straight alpha), anti-aliased by distance. */
export function renderIcon(size) {
  const pixels = new Uint8Array(size * size * 4);
  const top = [37, 99, 235];
  const bottom = [30, 64, 175];
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      // Centre-origin coordinates in units of the icon size.
      const x = (px + 0.5) / size - 0.5;
      const y = (py + 0.5) / size - 0.5;
      const square = clamp01(0.5 - roundedSquareDistance(x, y, 0.42, 0.09) * size);
      const glyph = clamp01(0.5 - handsetDistance(x - 0.035, y - 0.035) * size);
      const t = (py + 0.5) / size;
      const offset = (py * size + px) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        const background = top[channel] + (bottom[channel] - top[channel]) * t;
        pixels[offset + channel] = Math.round(background + (255 - background) * glyph);
      }
      pixels[offset + 3] = Math.round(255 * square);
    }
  }
  return pixels;
}

export function pngOfSize(size) {
  return encodePng(size, renderIcon(size));
}

/** Windows .ico whose entries are PNG streams (supported since Windows Vista). */
export function encodeIco(pngsBySize) {
  const entries = [...pngsBySize.entries()].sort(([a], [b]) => a - b);
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(entries.length, 4);
  const directory = Buffer.alloc(16 * entries.length);
  let offset = header.length + directory.length;
  entries.forEach(([size, png], index) => {
    const at = index * 16;
    directory[at] = size >= 256 ? 0 : size; // 0 means 256
    directory[at + 1] = size >= 256 ? 0 : size;
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(png.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...entries.map(([, png]) => png)]);
}

/** macOS .icns holding PNG entries: ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x). */
export const ICNS_TYPES = { 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };

export function encodeIcns(pngsBySize) {
  const blocks = Object.entries(ICNS_TYPES).map(([size, type]) => {
    const png = pngsBySize.get(Number(size));
    if (png === undefined) throw new Error(`missing ${size}px PNG for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(blocks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export function writeIcons(outputFolder) {
  const pngs = new Map(
    [16, 24, 32, 48, 64, 128, 256, 512, 1024].map((size) => [size, pngOfSize(size)]),
  );
  mkdirSync(join(outputFolder, 'icons'), { recursive: true });
  writeFileSync(join(outputFolder, 'icon.png'), pngs.get(512));
  writeFileSync(join(outputFolder, 'icons', '256x256.png'), pngs.get(256));
  writeFileSync(join(outputFolder, 'icons', '512x512.png'), pngs.get(512));
  const icoSizes = [16, 24, 32, 48, 64, 256];
  writeFileSync(
    join(outputFolder, 'icon.ico'),
    encodeIco(new Map(icoSizes.map((s) => [s, pngs.get(s)]))),
  );
  writeFileSync(join(outputFolder, 'icon.icns'), encodeIcns(pngs));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const output = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
  writeIcons(output);
  console.log(`icons written to ${output}`);
}
