// Public surface of the configuration module.
export * from './schema.js';
export * from './config-error.js';
export * from './parse-json.js';
export * from './migrations.js';
export * from './parse-layer.js';
export * from './layers.js';
export * from './load-config.js';
export * from './policy-path.js';
export * from './export-import.js';
export * from './security-changes.js';
export * from './json-schema.js';
export * from './flags-layer.js';
export { configKeyPaths, isLocked } from './key-paths.js';
