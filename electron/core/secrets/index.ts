// Public surface of the secret stores used outside Electron.
export * from './secret-errors.js';
export * from './memory-secret-store.js';
export * from './env-secret-store.js';
export * from './password-file-secret-store.js';
export * from './cli-secret-store.js';
