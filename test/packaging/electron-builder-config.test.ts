import { Ajv } from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ID,
  LINUX_DESKTOP_FILE_NAME,
  LINUX_EXECUTABLE_NAME,
  PRODUCT_NAME,
  PROTOCOL_SCHEMES,
} from '../../electron/core/platform/product-identity.js';
import {
  builderRequire,
  loadBuilderConfig,
  loadBuilderSchema,
  projectRoot,
  section,
  type BuilderConfig,
} from './load-builder-config.js';

// The hardened value for every Electron fuse. A fuse electron-builder knows but this table does
// not makes the "every fuse is set" test fail, so a new fuse gets a decision, not a default.
const HARDENED_FUSES: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};
// electron-builder matches `files` with minimatch ({ dot: true }); use the copy it resolves.
const minimatch = builderRequire('minimatch') as {
  minimatch(path: string, pattern: string, options: { dot: boolean }): boolean;
};

/** Whether a project-relative path is packed: some pattern includes it and no `!` pattern drops it. */
function filePatternMatcher(patterns: readonly string[]): (path: string) => boolean {
  const match = (path: string, pattern: string) =>
    minimatch.minimatch(path, pattern, { dot: true });
  const included = patterns.filter((pattern) => !pattern.startsWith('!'));
  const excluded = patterns.filter((pattern) => pattern.startsWith('!')).map((p) => p.slice(1));
  return (path) =>
    included.some((pattern) => match(path, pattern)) &&
    !excluded.some((pattern) => match(path, pattern));
}

// Options of the fuse step that are not fuses.
const FUSE_STEP_OPTIONS = new Set(['resetAdHocDarwinSignature']);

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator() {
  // The same options electron-builder validates with (strict off: its schema uses custom keywords).
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(loadBuilderSchema());
  return compiled;
}

describe('electron-builder.yml against electron-builder\u2019s own schema', () => {
  it('is valid', () => {
    const validate = validator();
    const valid = validate(loadBuilderConfig());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is found, loaded and accepted by electron-builder itself (no build, no download)', async () => {
    const builderConfig = builderRequire('./out/util/config/config.js') as {
      getConfig(projectDir: string, configPath: null, options: null): Promise<BuilderConfig>;
      validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = builderRequire('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    const loaded = await builderConfig.getConfig(projectRoot, null, null);
    expect(loaded.appId).toBe(APP_ID);
    await expect(
      builderConfig.validateConfiguration(loaded, new DebugLogger(false)),
    ).resolves.toBeUndefined();
    const broken = { ...loaded, nsis: { ...section(loaded, 'nsis'), oneclick: false } };
    await expect(
      builderConfig.validateConfiguration(broken, new DebugLogger(false)),
    ).rejects.toThrow(/nsis/);
  });

  it('would reject a misspelt option (the check can fail)', () => {
    const validate = validator();
    const config = loadBuilderConfig();
    const broken: BuilderConfig = {
      ...config,
      electronFuses: { ...section(config, 'electronFuses'), runAsNod: false },
    };
    expect(validate(broken)).toBe(false);
    const typo: BuilderConfig = {
      ...config,
      nsis: { ...section(config, 'nsis'), oneclick: false },
    };
    expect(validate(typo)).toBe(false);
  });
});

describe('Electron fuses', () => {
  const fuses = section(loadBuilderConfig(), 'electronFuses');

  it('sets every fuse electron-builder knows, explicitly', () => {
    const known = Object.keys(
      loadBuilderSchema().definitions.FuseOptionsV1?.properties ?? {},
    ).filter((name) => !FUSE_STEP_OPTIONS.has(name));
    expect(known.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(HARDENED_FUSES).sort()).toEqual([...known].sort());
    for (const name of known) expect(typeof fuses[name], name).toBe('boolean');
  });

  it('sets each fuse to its hardened value', () => {
    for (const [name, hardened] of Object.entries(HARDENED_FUSES)) {
      expect(fuses[name], name).toBe(hardened);
    }
  });

  it('covers every fuse of the installed @electron/fuses wire', async () => {
    const { FuseV1Options } = await import('@electron/fuses');
    const wire = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));
    // FuseV1Options.RunAsNode ↔ runAsNode and so on.
    const configured = new Set(Object.keys(HARDENED_FUSES).map((name) => name.toLowerCase()));
    for (const fuse of wire) expect(configured.has(fuse.toLowerCase()), fuse).toBe(true);
  });
});

describe('identity, files and protocols', () => {
  const config = loadBuilderConfig();

  it('uses the shared product identity', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(section(config, 'linux').executableName).toBe(LINUX_EXECUTABLE_NAME);
    expect(section(config, 'extraMetadata').desktopName).toBe(LINUX_DESKTOP_FILE_NAME);
    expect(section(config, 'directories')).toMatchObject({
      buildResources: 'build',
      output: 'release',
    });
    expect(config.asar).toBe(true);
  });

  it('declares tel: and callto:', () => {
    const protocols = config.protocols as Array<{ schemes: string[] }>;
    const schemes = protocols.flatMap((protocol) => protocol.schemes);
    for (const scheme of PROTOCOL_SCHEMES) expect(schemes).toContain(scheme);
  });

  it('packs only compiled code and runtime assets, never sources or tests', () => {
    const packed = filePatternMatcher(config.files as string[]);
    for (const path of [
      'package.json',
      'dist/electron/main/index.js',
      'dist/electron/core/config/schema.js',
      'dist/renderer/settings/index.html',
      'electron/assets/tray/connected.png',
    ]) {
      expect(packed(path), path).toBe(true);
    }
    for (const path of [
      'electron/core/config/schema.ts',
      'electron/preload/settings.cts',
      'renderer/settings/index.ts',
      'test/packaging/icons.test.ts',
      'test/fixtures/policy.json',
      'dist/electron/main/index.js.map',
      'dist/electron/core/config/schema.d.ts',
      'dist/.tsbuildinfo',
      'dist/bench/run.js',
      'bench/run.ts',
      // The browser companion extension ships to browsers, never inside the Electron app.
      'dist/browser-extension/chromium/manifest.json',
      'dist/browser-extension/chromium/browser-extension/src/service-worker.js',
      'dist/browser-extension/firefox/manifest.json',
      'browser-extension/src/service-worker.ts',
      'build/installer.nsh',
      'electron-builder.yml',
      'tsconfig.json',
      '.git/config',
    ]) {
      expect(packed(path), path).toBe(false);
    }
  });

  it('packs every file the built app imports, and not the CLI, the stand-in or the bench', () => {
    const packed = filePatternMatcher(config.files as string[]);
    const closure = importClosure([
      'dist/electron/main/index.js',
      ...readdirSync(join(projectRoot, 'dist/electron/preload'))
        .filter((name) => name.endsWith('.cjs'))
        .map((name) => `dist/electron/preload/${name}`),
    ]);
    expect(closure.size).toBeGreaterThan(50);
    for (const file of closure) {
      expect(packed(file), `${file} is imported by the app`).toBe(true);
      expect(file, 'the app must not import the CLI or the stand-in').not.toMatch(
        /^dist\/electron\/(cli|simulator)\//,
      );
    }
    for (const file of ['cli/index.js', 'cli/run-command.js', 'simulator/simulator.js']) {
      expect(existsSync(join(projectRoot, 'dist/electron', file)), file).toBe(true);
      expect(packed(`dist/electron/${file}`), file).toBe(false);
    }
  });

  it('leaves auto-update publishing off', () => {
    expect(config.publish).toBeNull();
  });
});

describe('per-platform targets', () => {
  const config = loadBuilderConfig();

  it('Windows: NSIS per-user by default with a per-machine option, plus MSI', () => {
    expect(section(config, 'win').target).toEqual(['nsis', 'msi']);
    const nsis = section(config, 'nsis');
    expect(nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(nsis.include).toBe('build/installer.nsh');
    expect(existsSync(join(projectRoot, 'build', 'installer.nsh'))).toBe(true);
    const msi = section(config, 'msi');
    expect(msi.perMachine).toBe(true);
    expect(msi.upgradeCode).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('macOS: dmg + zip, hardened runtime, entitlements, tray-only, notarization on env', () => {
    const mac = section(config, 'mac');
    expect(mac.target).toEqual(['dmg', 'zip']);
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.notarize).not.toBe(false);
    expect(section(mac, 'extendInfo').LSUIElement).toBe(true);
    for (const key of ['entitlements', 'entitlementsInherit']) {
      expect(existsSync(join(projectRoot, String(mac[key]))), key).toBe(true);
    }
  });

  it('Linux: AppImage + deb, one link per launch', () => {
    const linux = section(config, 'linux');
    expect(linux.target).toEqual(['AppImage', 'deb']);
    expect(typeof linux.category).toBe('string');
    expect(linux.executableArgs).toEqual(['%u']);
    expect(linux.syncDesktopName).toBe(true);
  });
});

/**
 * Project-relative paths of the built files reachable from `entries` through relative imports
 * (static `import … from`, `export … from`, side-effect `import '…'`, dynamic `import('…')`,
 * and `require('…')` in the CommonJS preloads). Package imports are electron-builder's to add.
 */
function importClosure(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const full = join(projectRoot, file);
    expect(existsSync(full), `${file} (imported by the app) is built`).toBe(true);
    seen.add(file);
    for (const match of readFileSync(full, 'utf8').matchAll(specifier)) {
      const target = posix.normalize(posix.join(posix.dirname(file), match[1] as string));
      queue.push(relative(projectRoot, join(projectRoot, target)).split(/[\\/]/).join('/'));
    }
  }
  return seen;
}
