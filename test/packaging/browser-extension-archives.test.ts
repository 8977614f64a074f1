// `npm run dist:extension` (after `npm run build`): the Chrome Web Store / Edge zip and the unsigned Firefox xpi, built
// for real and read back entry by entry: manifest.json at the root (the stores reject anything
// else), every compiled script and page present with its bytes intact (CRC checked), and no
// source map, TypeScript source or test in either — even when one lies in the unpacked folder.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from './load-builder-config.js';

const builtDir = join(projectRoot, 'dist', 'browser-extension');
const version = (
  JSON.parse(
    readFileSync(join(projectRoot, 'browser-extension', 'manifest.chromium.json'), 'utf8'),
  ) as {
    version: string;
  }
).version;

/** The entries of a stored (or any) ZIP, from its central directory, with their stored bytes. */
function readZip(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buffer.readUInt32LE(at)).toBe(0x02014b50);
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    expect(method, name).toBe(0);
    const dataStart =
      local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + size);
    expect(crc32(data) >>> 0, `${name} CRC`).toBe(crc);
    entries.set(name, data);
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

describe('npm run dist:extension', () => {
  let work: string;
  beforeAll(() => {
    // The unpacked folders as `npm run build` made them, copied so this test never races
    // another test that loads dist/browser-extension in a browser.
    work = mkdtempSync(join(tmpdir(), 'extension-archives-'));
    for (const family of ['chromium', 'firefox']) {
      cpSync(join(builtDir, family), join(work, family), { recursive: true });
      // Strays a careless build could leave behind: they must not reach the stores.
      const src = join(work, family, 'browser-extension', 'src');
      writeFileSync(join(src, 'options.js.map'), '{}');
      writeFileSync(join(src, 'pairing.test.js'), '');
      writeFileSync(join(src, 'pairing.ts'), '');
    }
    execFileSync(process.execPath, ['build/scripts/dist-browser-extension.mjs', work, work], {
      cwd: projectRoot,
    });
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each([
    ['chromium', 'zip'],
    ['firefox', 'xpi'],
  ])(
    'packs the %s extension with manifest.json at the root and nothing that should not ship',
    (family, ext) => {
      const archive = join(work, `accolades-companion-${family}-${version}.${ext}`);
      const entries = readZip(readFileSync(archive));
      const names = [...entries.keys()];
      const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as {
        manifest_version: number;
        version: string;
        background: Record<string, unknown>;
        options_ui: { page: string };
        action: { default_popup: string };
      };
      expect(manifest).toMatchObject({ manifest_version: 3, version });
      expect(
        manifest.background[family === 'chromium' ? 'service_worker' : 'scripts'],
      ).toBeDefined();
      // Everything the manifest and the pages point at is in the archive.
      for (const name of [
        manifest.options_ui.page,
        manifest.action.default_popup,
        'browser-extension/src/options.js',
        'browser-extension/src/popup.js',
        'browser-extension/src/service-worker.js',
        'electron/shared/extension-protocol.js',
      ]) {
        expect(names, name).toContain(name);
      }
      expect(names.filter((n) => /\.map$|\.ts$|\.test\.js$|(^|\/)\./.test(n))).toEqual([]);
      expect(names.every((n) => !n.startsWith('/') && !n.includes('..') && !n.includes('\\'))).toBe(
        true,
      );
      // The bytes are the built files'.
      expect(entries.get('browser-extension/src/popup.js')).toEqual(
        readFileSync(join(builtDir, family, 'browser-extension', 'src', 'popup.js')),
      );
      if (family === 'chromium') expect(names).toContain('managed-schema.json');
    },
  );

  it('is wired as the npm script the admin guide names', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['dist:extension']).toContain('dist-browser-extension.mjs');
  });
});
