// The one IPC contract between the main process, the preload and the renderer pages, as one
// import: the data (ipc/views.ts), the methods declared once with their schemas and callers
// (ipc/methods.ts), the events (ipc/events.ts) and the derived `window.connector`
// (ipc/connector-api.ts). Main implements it (electron/main/ipc/handlers.ts); pages import types
// only.
export * from './ipc/views.js';
export * from './ipc/pages.js';
export * from './ipc/methods.js';
export * from './ipc/events.js';
export * from './ipc/connector-api.js';
