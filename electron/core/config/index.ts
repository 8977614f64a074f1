// Public surface of the configuration module, as every command and the app need it. The
// JSON-schema export (json-schema.ts) and settings export/import (export-import.ts) are
// imported from their own files by the few places that use them, so a connector that only
// runs does not load them (test/cli/lazy-imports-binary.test.ts).
export * from './schema.js';
export * from './config-error.js';
export * from './parse-json.js';
export * from './migrations.js';
export * from './parse-layer.js';
export * from './layers.js';
export * from './load-config.js';
export * from './policy-path.js';
export * from './security-changes.js';
export * from './flags-layer.js';
export { configKeyPaths, isLocked } from './key-paths.js';
