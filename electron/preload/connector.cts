// The preload of every window: exposes `window.connector` and nothing else — named methods, no
// raw ipcRenderer, no generic send, subscriptions that return their unsubscribe.
// It is CommonJS because sandboxed preloads cannot be ES modules, and it holds no method list:
// main passes each method's name and channel in the window's additionalArguments
// (electron/shared/ipc/connector-api.ts says why), and this file exposes exactly those.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS preload under verbatimModuleSyntax
import electron = require('electron');
import type {
  ConnectorApi,
  EVENTS_SWITCH as EventsSwitch,
  INVOKE_SWITCH as InvokeSwitch,
} from '../shared/ipc-contract.js';

// Literal types: the compiler proves these equal the switches main writes.
const INVOKE: typeof InvokeSwitch = '--connector-invoke=';
const EVENTS: typeof EventsSwitch = '--connector-events=';

const { contextBridge, ipcRenderer } = electron;

/** The `method=channel` pairs main passed under `prefix`; a malformed pair is skipped. */
function declared(prefix: string): Array<[string, string]> {
  const value = process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? '';
  return value
    .split(',')
    .map((pair) => pair.split('='))
    .filter((pair): pair is [string, string] => {
      const [method, channel] = pair;
      return (
        pair.length === 2 &&
        /^[A-Za-z]+$/.test(method ?? '') &&
        /^connector:[A-Za-z:]+$/.test(channel ?? '')
      );
    });
}

/** One request object (or none) per call; the answer is plain data (`{ ok, … }`). */
function invoke(channel: string) {
  return (request?: unknown) => ipcRenderer.invoke(channel, request);
}

/** Subscribes a page listener; the page never sees the IPC event object (it holds `sender`). */
function subscribe(channel: string) {
  return (listener: (payload: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  };
}

const api: Record<string, unknown> = {};
for (const [method, channel] of declared(INVOKE)) api[method] = invoke(channel);
for (const [method, channel] of declared(EVENTS)) api[method] = subscribe(channel);

contextBridge.exposeInMainWorld('connector', api as ConnectorApi);
