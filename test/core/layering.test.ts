// The core, the CLI, the simulator, the application layer and the IPC contract run under plain
// Node: prove no file there reaches Electron, electron-store, electron-updater or the Electron
// shell, and that the core does not reach up into the application layer (the lint rule says
// the same at edit time). Layers, bottom up: core < app (+ shared) < main.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const coreDirs = ['electron/core', 'electron/cli', 'electron/simulator'];
const appDirs = ['electron/app', 'electron/shared'];
const importOf = String.raw`(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]`;
const electronPackages = String.raw`electron|electron-store|electron-updater|electron\/[^'"]*`;
/** What no plain-Node file may import: Electron's packages and the Electron shell. */
const forbidden = new RegExp(
  `${importOf}(${electronPackages}|[^'"]*\\/(?:main|preload)\\/[^'"]*)['"]`,
);
/** What the core may not import either: the application layer above it. */
const forbiddenInCore = new RegExp(`${importOf}([^'"]*\\/app\\/[^'"]*)['"]`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(c|m)?ts$/.test(name) ? [path] : [];
  });
}

describe('layering', () => {
  const coreFiles = coreDirs.flatMap((dir) => sourceFiles(join(root, dir)));
  const files = [...coreFiles, ...appDirs.flatMap((dir) => sourceFiles(join(root, dir)))];

  it('finds the plain-Node sources it guards, in every layer', () => {
    for (const dir of [...coreDirs, ...appDirs]) {
      expect(
        files.some((file) => relative(root, file).startsWith(dir)),
        dir,
      ).toBe(true);
    }
  });

  it('keeps the core below the application layer', () => {
    const offenders = coreFiles
      .map((file) => ({
        file: relative(root, file),
        match: forbiddenInCore.exec(readFileSync(file, 'utf8')),
      }))
      .filter((entry) => entry.match)
      .map((entry) => `${entry.file}: ${entry.match?.[1]}`);
    expect(offenders).toEqual([]);
  });

  it('keeps config/ at the bottom of the core: no import from another core folder', () => {
    // Rule and lookup checks are passed in (core/config-checks.ts), not imported by config/.
    // The one exception is presets/: plain data and a pure expander (checked just below).
    const upward = new RegExp(`${importOf}(\\.\\./(?!presets/)[^'"]+/[^'"]*)['"]`);
    const configFiles = sourceFiles(join(root, 'electron/core/config'));
    expect(configFiles.length).toBeGreaterThan(5);
    const offenders = configFiles
      .map((file) => ({
        file: relative(root, file),
        match: upward.exec(readFileSync(file, 'utf8')),
      }))
      .filter((entry) => entry.match)
      .map((entry) => `${entry.file}: ${entry.match?.[1]}`);
    expect(offenders).toEqual([]);
  });

  it('keeps presets/ a leaf config/ may read: no value import from another core folder', () => {
    const valueImport = /^import\s+(?!type\b)[^;]*?from\s+['"](\.\.\/[^'"]*)['"]/ms;
    const presetFiles = sourceFiles(join(root, 'electron/core/presets'));
    expect(presetFiles.length).toBeGreaterThan(10);
    expect(
      valueImport.test(`import { checkUrlTemplate } from '../templates/url-template.js';`),
    ).toBe(true);
    expect(valueImport.test(`import type { ScreenPopRule } from '../config/schema.js';`)).toBe(
      false,
    );
    const offenders = presetFiles.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split(/\n(?=import\b)/)
        .flatMap((chunk) => {
          const match = valueImport.exec(chunk);
          return match ? [`${relative(root, file)}: ${match[1]}`] : [];
        }),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps Electron out of core, cli, simulator, app and shared', () => {
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
    expect(forbidden.test(`import { autoUpdater } from 'electron-updater';`)).toBe(true);
    expect(forbidden.test(`import { WebSocket } from 'ws';`)).toBe(false);
    expect(forbiddenInCore.test(`import { x } from '../../app/services.js';`)).toBe(true);
    expect(forbiddenInCore.test(`import { x } from '../rules/compiled-rule.js';`)).toBe(false);
  });
});
