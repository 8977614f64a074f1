// The test bridge: puts a `window.connector` into the page that forwards every call to IPC
// handlers running in this (test) process, exactly like the preload forwards to main. Like
// main's guard it answers only the methods the page's window is a declared caller of, so a page
// that calls anything else fails its renderer tests.
//
// Why a Playwright binding and not fetch/WebSocket: the pages run under the app's CSP
// (`default-src 'none'`, `connect-src 'none'`), which blocks any network call from the page.
// Loosening the CSP for tests would stop them from proving the pages work without it.
// `exposeBinding` goes over Playwright's own pipe to Chromium, outside the page's CSP.
import type { Page } from 'playwright';
import {
  EVENT_NAMES,
  INVOKE_NAMES,
  mayCall,
  type EventContract,
  type EventName,
  type InvokeName,
  type PageName,
} from '../../../electron/shared/ipc-contract.js';

/** Runs one request the way main does after its sender check (validation, then the handler). */
export type InvokeChannel = (name: InvokeName, payload: unknown) => Promise<unknown>;

export interface BridgeCall {
  name: InvokeName;
  request: unknown;
}

export interface ConnectorBridge {
  /** Every call the page made, in order. */
  calls: BridgeCall[];
  /** Console errors, page errors and CSP violations seen in the page. */
  pageProblems: string[];
  /** Pushes an event to every subscriber in the page (main → renderer). */
  emit<K extends EventName>(name: K, payload: EventContract[K]): Promise<void>;
  callsTo(name: InvokeName): BridgeCall[];
  /** How many `name` events the page has handled so far. */
  delivered(name: EventName): Promise<number>;
}

function installConnector(names: { invoke: string[]; events: string[] }): void {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const invoke = (
    window as unknown as { __connectorInvoke: (n: string, r: unknown) => Promise<unknown> }
  ).__connectorInvoke;
  const api: Record<string, unknown> = {};
  for (const name of names.invoke) {
    // One object payload per call, like the preload; `undefined` for channels without one.
    api[name] = (request?: unknown) => invoke(name, request);
  }
  for (const name of names.events) {
    const method = `on${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    api[method] = (listener: Listener) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  Object.defineProperty(window, 'connector', { value: Object.freeze(api), configurable: false });
  // How many events of each name the page's listeners have handled: tests wait on this
  // instead of sleeping when they check that an event changed nothing.
  const delivered: Record<string, number> = {};
  Object.defineProperty(window, '__connectorDelivered', { value: delivered });
  Object.defineProperty(window, '__connectorDispatch', {
    value: (name: string, payload: unknown) => {
      for (const listener of [...(listeners.get(name) ?? [])]) listener(payload);
      delivered[name] = (delivered[name] ?? 0) + 1;
    },
  });
}

export async function attachConnectorBridge(
  page: Page,
  pageName: PageName,
  invokeChannel: InvokeChannel,
): Promise<ConnectorBridge> {
  const allowed = INVOKE_NAMES.filter((name) => mayCall(name, pageName));
  const calls: BridgeCall[] = [];
  const pageProblems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400)
      pageProblems.push(`HTTP ${response.status()} for ${response.url()}`);
  });

  await page.exposeBinding(
    '__connectorInvoke',
    async (_source, name: unknown, request: unknown) => {
      if (typeof name !== 'string' || !(allowed as string[]).includes(name)) {
        pageProblems.push(`the ${pageName} page called ${String(name)}, not a declared caller`);
        return { ok: false, error: `unknown channel ${String(name)}`, code: 'forbidden' };
      }
      const channel = name as InvokeName;
      calls.push({ name: channel, request });
      return invokeChannel(channel, request);
    },
  );
  await page.addInitScript(installConnector, {
    invoke: allowed,
    events: [...EVENT_NAMES],
  });

  return {
    calls,
    pageProblems,
    async emit(name, payload) {
      await page.evaluate(
        ([eventName, eventPayload]) =>
          (
            window as unknown as { __connectorDispatch: (n: string, p: unknown) => void }
          ).__connectorDispatch(eventName, eventPayload),
        [name, payload] as const,
      );
    },
    callsTo(name) {
      return calls.filter((call) => call.name === name);
    },
    delivered(name) {
      return page.evaluate(
        (eventName) =>
          (window as unknown as { __connectorDelivered: Record<string, number> })
            .__connectorDelivered[eventName] ?? 0,
        name,
      );
    },
  };
}
