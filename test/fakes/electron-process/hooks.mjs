// Node module hooks for running the main process under plain Node (no Electron binary here):
// the bare specifier 'electron' resolves to the one shared fake (test/fakes/electron.ts), and
// TypeScript sources load as ES modules, transpiled file by file with the project's own
// compiler (type-only syntax removed; the type check is `npm run typecheck`'s job). A source
// importing './x.js' gets './x.ts' when only that exists, as tsc's NodeNext resolution does.
// Transpiled text is kept in a cache folder under the OS temp folder, keyed by the source's
// hash, and the compiler is only loaded on a miss: a warm start skips ~1 s of loading
// TypeScript and ~5 s of transpiling on a busy 2-core machine.
// Registered by register.mjs; see tray-app.ts for the process it is used in.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE_VERSION = '1';
const cacheFolder = join(tmpdir(), 'accolades-electron-process-cache');
let compiler;
const typescript = () => (compiler ??= createRequire(import.meta.url)('typescript'));

/** file: URL of the electron fake, given by register.mjs. */
let electronFakeUrl = '';

export function initialize(data) {
  electronFakeUrl = data.electronFakeUrl;
}

export async function resolve(specifier, context, nextResolve) {
  // Every importer gets the fake, electron-store included: one module instance, one `app`.
  if (specifier === 'electron')
    return { url: electronFakeUrl, format: 'module', shortCircuit: true };
  const parent = context.parentURL;
  if (parent?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const source = new URL(`${specifier.slice(0, -3)}.ts`, parent);
    if (existsSync(fileURLToPath(source))) return { url: source.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const key = createHash('sha256').update(`${CACHE_VERSION}\0${fileName}\0${source}`).digest('hex');
  const cached = join(cacheFolder, `${key}.js`);
  if (existsSync(cached))
    return { format: 'module', source: await readFile(cached, 'utf8'), shortCircuit: true };
  const ts = typescript();
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      // Stack traces of a failing child point at the .ts lines.
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  // Written aside and renamed: a process starting at the same time never reads half a file.
  await mkdir(cacheFolder, { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  await writeFile(partial, outputText);
  await rename(partial, cached);
  return { format: 'module', source: outputText, shortCircuit: true };
}
