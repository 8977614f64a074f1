// `npm run dist:extension`: the browser companion as uploadable archives, from the unpacked
// folders `npm run build:browser-extension` makes:
//   dist/browser-extension/accolades-companion-chromium-<version>.zip  (Chrome Web Store, Edge Add-ons)
//   dist/browser-extension/accolades-companion-firefox-<version>.xpi   (unsigned; sign on AMO or
//                                                                      self-distribute per the admin guide)
// Both are plain ZIPs with manifest.json at the root. Written with the project's own store-only
// ZIP writer (store-zip.mjs, also used for the hosted connector): no dependency, no downloaded
// binary, and the same input gives the same bytes. The extension is a few dozen KB, so leaving
// it uncompressed costs nothing that matters. Source maps, TypeScript sources and tests never go in.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeZip } from './store-zip.mjs';

const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const builtDir = join(projectRoot, 'dist', 'browser-extension');

/** Files that must never ship: maps, sources, declarations, tests, dotfiles. */
export function isShippable(name) {
  const base = name.split('/').at(-1) ?? name;
  return !(
    base.startsWith('.') ||
    base.endsWith('.map') ||
    base.endsWith('.ts') ||
    /\.(test|spec)\.[cm]?js$/.test(base)
  );
}

function filesUnder(dir) {
  const out = [];
  const walk = (current) => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.filter(isShippable);
}

/**
 * Packs one unpacked extension folder (`<from>/<family>`) into `<to>`; returns the archive path
 * and the names it holds. Tests pass their own folders so they never touch dist/.
 */
export function packExtension(family, extension, from = builtDir, to = builtDir) {
  const dir = join(from, family);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const names = filesUnder(dir);
  const archive = join(to, `accolades-companion-${family}-${manifest.version}.${extension}`);
  writeFileSync(
    archive,
    storeZip(names.map((name) => ({ name, data: readFileSync(join(dir, name)) }))),
  );
  return { archive, names };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Optional: node dist-browser-extension.mjs <unpacked folders dir> <output dir>
  const [from = builtDir, to = builtDir] = process.argv.slice(2);
  for (const [family, extension] of [
    ['chromium', 'zip'],
    ['firefox', 'xpi'],
  ]) {
    const { archive, names } = packExtension(family, extension, resolve(from), resolve(to));
    console.log(`${relative(projectRoot, archive)} (${names.length} files)`);
  }
}
