// Finds the Electron binary without importing the `electron` package (whose index tries to
// download a missing binary). Offline machines have none: the suite then skips, saying why.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { path: string } | { missing: string };

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const candidate = relative ? join(distDir, relative) : undefined;
  if (candidate && existsSync(candidate)) return { path: candidate };
  return {
    missing:
      'no Electron binary on this machine (it is fetched on first run, which needs internet); ' +
      'run `npx install-electron` where that is possible, or set ELECTRON_OVERRIDE_DIST_PATH',
  };
}
