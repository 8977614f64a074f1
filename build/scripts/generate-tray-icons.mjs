#!/usr/bin/env node
// Draws the tray icons (one per connection state) as PNG and ICO files with nothing but
// node:zlib, so they can be regenerated anywhere and the test can prove the committed files
// are exactly what this script makes.
//   node build/scripts/generate-tray-icons.mjs [outputDir]   (default: electron/assets)
// Files per state <s>: tray-<s>.png (16 px) + tray-<s>@2x.png (32 px) for Linux,
// tray-<s>.ico (16 + 32 px) for Windows, tray-<s>Template.png + @2x for macOS (black + alpha;
// macOS tints template images for light and dark menu bars).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const STATES = {
  connected: { color: [46, 125, 50], shape: 'disc', glyph: 'check' },
  connecting: { color: [230, 160, 0], shape: 'ring', glyph: 'none' },
  attention: { color: [198, 40, 40], shape: 'disc', glyph: 'exclamation' },
  paused: { color: [110, 110, 110], shape: 'disc', glyph: 'pause' },
  stopped: { color: [70, 70, 70], shape: 'ring', glyph: 'bar' },
};

// --- geometry in unit coordinates (0..1), centre at 0.5 ----------------------------------
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const dist = (x, y) => Math.hypot(x - 0.5, y - 0.5);

function inShape(shape, x, y) {
  const d = dist(x, y);
  if (shape === 'disc') return d <= 0.46;
  return d <= 0.46 && d >= 0.3; // ring
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function inGlyph(glyph, x, y) {
  switch (glyph) {
    case 'check':
      return (
        segmentDistance(x, y, 0.28, 0.52, 0.43, 0.67) <= 0.065 ||
        segmentDistance(x, y, 0.43, 0.67, 0.72, 0.34) <= 0.065
      );
    case 'exclamation':
      return inRect(x, y, 0.43, 0.2, 0.57, 0.6) || Math.hypot(x - 0.5, y - 0.74) <= 0.075;
    case 'pause':
      return inRect(x, y, 0.32, 0.27, 0.44, 0.73) || inRect(x, y, 0.56, 0.27, 0.68, 0.73);
    case 'bar':
      return inRect(x, y, 0.3, 0.44, 0.7, 0.56);
    default:
      return false;
  }
}

/** RGBA pixels, 4×4 supersampled so the small sizes stay smooth. */
function draw(size, spec, template) {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let base = 0;
      let glyph = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const g = inGlyph(spec.glyph, x, y);
          // Glyphs are cut out of discs; on rings (hollow) they are drawn in the state colour.
          if (spec.shape === 'disc') {
            if (inShape('disc', x, y)) {
              if (g) glyph++;
              else base++;
            }
          } else if (inShape('ring', x, y) || g) base++;
        }
      }
      const n = samples * samples;
      const offset = (py * size + px) * 4;
      if (template) {
        pixels[offset + 3] = Math.round((base / n) * 255); // black, glyph holes stay clear
      } else {
        const a = (base + glyph) / n;
        const mix = a === 0 ? 0 : glyph / (base + glyph);
        for (let c = 0; c < 3; c++)
          pixels[offset + c] = Math.round(spec.color[c] * (1 - mix) + 255 * mix);
        pixels[offset + 3] = Math.round(a * 255);
      }
    }
  }
  return pixels;
}

// --- PNG --------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO holding PNG images (Windows Vista and later read these). */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size;
    entry[1] = size;
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

export function generateTrayIcons(outputDir) {
  mkdirSync(outputDir, { recursive: true });
  const written = [];
  const write = (name, data) => {
    writeFileSync(join(outputDir, name), data);
    written.push(name);
  };
  for (const [state, spec] of Object.entries(STATES)) {
    const png16 = encodePng(16, draw(16, spec, false));
    const png32 = encodePng(32, draw(32, spec, false));
    write(`tray-${state}.png`, png16);
    write(`tray-${state}@2x.png`, png32);
    write(
      `tray-${state}.ico`,
      encodeIco([
        { size: 16, png: png16 },
        { size: 32, png: png32 },
      ]),
    );
    write(`tray-${state}Template.png`, encodePng(16, draw(16, spec, true)));
    write(`tray-${state}Template@2x.png`, encodePng(32, draw(32, spec, true)));
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const outputDir = resolve(process.argv[2] ?? join(here, '..', '..', 'electron', 'assets'));
  const written = generateTrayIcons(outputDir);
  console.log(`wrote ${written.length} tray icons to ${outputDir}`);
}
