// The built CLI (`node bin/accolades-connector.js`) for tests that drive it as a child process:
// its path, and a build of dist/ when it is missing or older than the sources it is made of.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

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

/** Builds dist/ once when it is missing or older than the sources the CLI is made of. */
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

/** The environment for the child: no proxy, no REST password, and no policy of this machine. */
export function childEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json'),
  };
  for (const key of [
    'HTTPS_PROXY',
    'https_proxy',
    'ALL_PROXY',
    'all_proxy',
    'ACCOLADES_REST_PASSWORD',
  ])
    delete env[key];
  return env;
}

export type Line = Record<string, unknown> & { type: string };

/** Follows the child's stdout JSON lines; `waitFor` resolves with the first line a predicate accepts. */
export function follow(child: ChildProcess) {
  const lines: Line[] = [];
  const waiters: Array<{ test: (line: Line) => boolean; resolve: (line: Line) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const waitFor = (test: (line: Line) => boolean): Promise<Line> => {
    const found = lines.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => waiters.push({ test, resolve }));
  };
  return { lines, waitFor };
}
