// `window.connector`, derived from the declarations: its type (what pages call) and the
// command-line switches main gives the preload so it exposes exactly the declared methods.
//
// Why switches (webPreferences.additionalArguments) and not a channel table in the preload or a
// generated one: a sandboxed preload can load no module but Electron's own, so it cannot import
// this module; the switches carry each method's name AND channel, so the preload holds no list
// and no naming rule of its own — nothing in it can go stale, and there is no build step to
// forget. Every window gets the same switches; which page may call what is the guard's job (the
// sender's URL says which page asks), so a page cannot widen it by picking its own list.
import {
  EVENT_NAMES,
  eventChannel,
  eventMethodName,
  type EventContract,
  type EventMethodName,
  type EventName,
} from './events.js';
import {
  INVOKE_NAMES,
  invokeChannel,
  type InvokeName,
  type InvokeRequest,
  type InvokeResponse,
} from './methods.js';
import type { Unsubscribe } from './views.js';

type InvokeMethods = {
  [K in InvokeName]: [InvokeRequest<K>] extends [undefined]
    ? () => Promise<InvokeResponse<K>>
    : undefined extends InvokeRequest<K>
      ? (request?: InvokeRequest<K>) => Promise<InvokeResponse<K>>
      : (request: InvokeRequest<K>) => Promise<InvokeResponse<K>>;
};

type EventMethods = {
  [K in EventName as EventMethodName<K>]: (
    listener: (payload: EventContract[K]) => void,
  ) => Unsubscribe;
};

/** What `window.connector` offers every page. Every call resolves (never rejects): check `ok`. */
export type ConnectorApi = InvokeMethods & EventMethods;

/** The switch names the preload reads from process.argv (kept in sync by test/main/preload). */
export const INVOKE_SWITCH = '--connector-invoke=';
export const EVENTS_SWITCH = '--connector-events=';

/** `method=channel` pairs, comma-separated; names and channels never contain `,` or `=`. */
function pairs(entries: Array<readonly [string, string]>): string {
  return entries.map(([method, channel]) => `${method}=${channel}`).join(',');
}

/** The additionalArguments every window's webPreferences carry. */
export function connectorApiArguments(): string[] {
  return [
    INVOKE_SWITCH + pairs(INVOKE_NAMES.map((name) => [name, invokeChannel(name)] as const)),
    EVENTS_SWITCH +
      pairs(EVENT_NAMES.map((name) => [eventMethodName(name), eventChannel(name)] as const)),
  ];
}
