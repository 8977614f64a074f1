// The shipped entry point as the process tests start it: `bin/accolades-connector.js`, which
// runs the compiled dist/. dist/ is rebuilt (tsc -b, incremental) when it is missing or older
// than the sources it is made of. Several test files may ask at once from parallel workers, so
// the build runs under a lock directory: two compilers writing dist/ together would corrupt it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const binaryPath = path.join(repoRoot, 'bin', 'accolades-connector.js');
const builtCli = path.join(repoRoot, 'dist', 'electron', 'cli', 'index.js');
/** A lock older than this was left by a killed test run, not by a build still going. */
const STALE_LOCK_MS = 5 * 60_000;

const CLI_PARTS = ['cli', 'core', 'simulator'];

async function newest(dir: string, suffix: string): Promise<number> {
  let found = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found = Math.max(found, await newest(full, suffix));
    else if (entry.name.endsWith(suffix)) found = Math.max(found, (await stat(full)).mtimeMs);
  }
  return found;
}

async function newestOf(base: string, suffix: string): Promise<number> {
  const times = await Promise.all(CLI_PARTS.map((d) => newest(path.join(base, d), suffix)));
  return Math.max(...times);
}

/** tsc re-emits the output of every changed source, so the newest output tells. */
async function isFresh(): Promise<boolean> {
  if (!existsSync(builtCli)) return false;
  const [sources, outputs] = await Promise.all([
    newestOf(path.join(repoRoot, 'electron'), '.ts'),
    newestOf(path.join(repoRoot, 'dist', 'electron'), '.js'),
  ]);
  return outputs >= sources;
}

/** One lock per checkout, outside it (a worktree's dist/ may not exist yet). */
function lockPath(): string {
  const id = createHash('sha256').update(repoRoot).digest('hex').slice(0, 16);
  return path.join(tmpdir(), `accolades-connector-build-${id}.lock`);
}

async function withBuildLock(work: () => Promise<void>): Promise<void> {
  const lock = lockPath();
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Builds dist/ once when it is missing or older than the sources the CLI is made of. */
export async function ensureBuilt(): Promise<void> {
  if (await isFresh()) return;
  await withBuildLock(async () => {
    // Another worker may have built it while this one waited for the lock.
    if (await isFresh()) return;
    // Type errors elsewhere in the tree do not stop tsc from emitting; the file check decides.
    spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-b',
        'tsconfig.build.json',
      ],
      { cwd: repoRoot, stdio: 'ignore' },
    );
  });
  if (!existsSync(builtCli))
    throw new Error('npm run build did not produce dist/electron/cli/index.js');
}
