// Copies the renderer's static files (html, css, svg, png) next to the compiled scripts in
// dist/renderer. tsc only emits .js; everything else the pages load comes from here.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = join(projectRoot, 'renderer');
const target = join(projectRoot, 'dist', 'renderer');
const assetExtensions = new Set(['.html', '.css', '.svg', '.png']);

mkdirSync(target, { recursive: true });
cpSync(source, target, {
  recursive: true,
  filter: (path) => {
    const ext = extname(path);
    // Directories have no extension: keep walking them.
    return ext === '' || assetExtensions.has(ext);
  },
});
