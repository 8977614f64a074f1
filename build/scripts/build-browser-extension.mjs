// Assembles the browser companion extension after `tsc -p browser-extension/tsconfig.extension.json`
// compiled it into dist/browser-extension/compiled: one loadable unpacked folder per browser
// family (dist/browser-extension/chromium, dist/browser-extension/firefox), each with its own
// manifest.json, the compiled scripts (keeping their tree, so the import of the shared protocol
// file resolves), the pages and the managed-storage schema. Never part of the Electron app.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = join(projectRoot, 'browser-extension');
const compiled = join(projectRoot, 'dist', 'browser-extension', 'compiled');
const pageExtensions = new Set(['.html', '.css', '.svg', '.png']);

if (!existsSync(compiled)) {
  throw new Error(
    `${compiled} is missing: run tsc -p browser-extension/tsconfig.extension.json first`,
  );
}

for (const family of ['chromium', 'firefox']) {
  const target = join(projectRoot, 'dist', 'browser-extension', family);
  // A fresh folder each build, so a file deleted from the sources cannot linger in the package.
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(compiled, target, { recursive: true });
  cpSync(join(source, 'src'), join(target, 'browser-extension', 'src'), {
    recursive: true,
    filter: (path) => extname(path) === '' || pageExtensions.has(extname(path)),
  });
  cpSync(join(source, `manifest.${family}.json`), join(target, 'manifest.json'));
  cpSync(join(source, 'managed-schema.json'), join(target, 'managed-schema.json'));
}
