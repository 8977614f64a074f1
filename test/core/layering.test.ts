// The core, the CLI and the simulator run under plain Node: prove no file there reaches
// Electron, electron-store or the Electron layer (the lint rule says the same at edit time).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const plainNodeDirs = ['electron/core', 'electron/cli', 'electron/simulator'];
const forbidden =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](electron|electron-store|electron\/[^'"]*|[^'"]*\/(?:main|preload)\/[^'"]*)['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(c|m)?ts$/.test(name) ? [path] : [];
  });
}

describe('layering', () => {
  const files = plainNodeDirs.flatMap((dir) => sourceFiles(join(root, dir)));

  it('finds the plain-Node sources it guards', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('keeps electron and electron-store out of core, cli and simulator', () => {
    const offenders = files
      .map((file) => ({
        file: relative(root, file),
        match: forbidden.exec(readFileSync(file, 'utf8')),
      }))
      .filter((entry) => entry.match)
      .map((entry) => `${entry.file}: ${entry.match?.[1]}`);
    expect(offenders).toEqual([]);
  });

  it('would catch an offending import', () => {
    expect(forbidden.test(`import { app } from 'electron';`)).toBe(true);
    expect(forbidden.test(`import Store from "electron-store";`)).toBe(true);
    expect(forbidden.test(`import { x } from '../main/tray.js';`)).toBe(true);
    expect(forbidden.test(`import { WebSocket } from 'ws';`)).toBe(false);
  });
});
