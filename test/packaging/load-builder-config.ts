// Reads electron-builder.yml the way electron-builder does (its own YAML parser, resolved from
// app-builder-lib so the test uses exactly what the build would) and its own JSON schema.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const requireFromTest = createRequire(import.meta.url);
const appBuilderLibManifest = requireFromTest.resolve('app-builder-lib/package.json');
/** `require` as seen from electron-builder's own package: the parser and matcher it uses. */
export const builderRequire = createRequire(appBuilderLibManifest);
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };

export type BuilderConfig = Record<string, unknown>;

export function loadBuilderConfig(): BuilderConfig {
  const text = readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8');
  const config = yaml.load(text);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error('electron-builder.yml is not a mapping');
  }
  return config as BuilderConfig;
}

/** electron-builder's configuration schema, shipped inside app-builder-lib. */
export function loadBuilderSchema(): Record<string, unknown> & {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
} {
  return JSON.parse(readFileSync(join(dirname(appBuilderLibManifest), 'scheme.json'), 'utf8'));
}

/** Reads a nested section, failing the test with a clear message when it is missing. */
export function section(config: BuilderConfig, key: string): BuilderConfig {
  const value = config[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`electron-builder.yml has no "${key}" mapping`);
  }
  return value as BuilderConfig;
}
