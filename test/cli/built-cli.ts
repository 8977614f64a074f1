// The built CLI for tests that run it as a child process (`node bin/accolades-connector.js`):
// builds dist/ once when it is missing or older than the sources the CLI is made of.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const binary = path.join(root, 'bin', 'accolades-connector.js');
const builtCli = path.join(root, 'dist', 'electron', 'cli', 'index.js');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

export async function ensureBuilt(): Promise<void> {
  const sources = Math.max(
    ...(await Promise.all(
      ['cli', 'core', 'simulator'].map((d) => newestSource(path.join(root, 'electron', d))),
    )),
  );
  if (existsSync(builtCli) && (await stat(builtCli)).mtimeMs >= sources) return;
  // Type errors elsewhere in the tree do not stop tsc from emitting; the file check below decides.
  spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'ignore',
    },
  );
  if (!existsSync(builtCli))
    throw new Error('npm run build did not produce dist/electron/cli/index.js');
}
