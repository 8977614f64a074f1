// Public surface of the call history module.
export * from './history-entry.js';
export * from './history-fs.js';
export * from './history-store.js';
export * from './memory-history.js';
export * from './history-csv.js';
