// The frames the browser companion extension and the connector's event bridge exchange about
// tabs (docs/bridge-and-pairing.md, "Browser companion"). Plain types and small pure validators
// with no Node or browser imports: the extension's service worker and the connector's core both
// import this file, so the two sides cannot drift apart.

/** The stream an extension subscribes to in order to receive navigate requests. */
export const TABS_STREAM = 'tabs';

/** How long the connector waits for a navigate ack before it opens the browser instead. */
export const DEFAULT_ACK_TIMEOUT_MS = 1500;

/** Largest popId either side accepts; ours are short, anything longer is hostile or broken. */
export const POP_ID_MAX_LENGTH = 100;

export type NewTabPlacement = 'background' | 'foreground';
export type ExtensionBrowser = 'chromium' | 'firefox';
export type NavigateRefusal = 'origin-not-allowed' | 'no-window' | 'error';

/** connector → extension: open this URL in the CRM tab (or a new one). */
export interface NavigateMessage {
  type: 'connector.navigate';
  popId: string;
  url: string;
  /** Origins this pop may open; the extension refuses a url whose origin is not among them. */
  allowedOrigins: string[];
  focus: boolean;
  newTab: NewTabPlacement;
}

export type NavigateAck =
  | { type: 'connector.navigateAck'; popId: string; ok: true; tabId: number; reused: boolean }
  | {
      type: 'connector.navigateAck';
      popId: string;
      ok: false;
      reason: NavigateRefusal;
      message?: string;
    };

/** extension → connector: the tab started loading the pop (webNavigation.onBeforeNavigate). */
export interface NavigatingMessage {
  type: 'connector.navigating';
  popId: string;
  tabId: number;
  /** ms since the epoch, from the browser event. */
  timeStamp: number;
}

export interface TabsSubscribeMessage {
  type: 'subscribe';
  stream: typeof TABS_STREAM;
  extension: { browser: ExtensionBrowser; version: string };
}

/** Either side's keepalive (keeps an MV3 service worker from being suspended while idle). */
export interface KeepaliveMessage {
  type: 'connector.keepalive';
}

/** Is this Origin header a browser extension's (the only clients that may drive tabs)? */
export function isExtensionOrigin(origin: string | undefined): boolean {
  return (
    origin !== undefined &&
    /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/.test(origin)
  );
}

const REFUSALS: readonly string[] = ['origin-not-allowed', 'no-window', 'error'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPopId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= POP_ID_MAX_LENGTH;
}

function isTabId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A navigate ack as the extension sent it, or undefined when it is not a well-formed one. */
export function parseNavigateAck(value: unknown): NavigateAck | undefined {
  if (!isObject(value) || value.type !== 'connector.navigateAck' || !isPopId(value.popId)) {
    return undefined;
  }
  if (value.ok === true) {
    if (!isTabId(value.tabId) || typeof value.reused !== 'boolean') return undefined;
    return {
      type: 'connector.navigateAck',
      popId: value.popId,
      ok: true,
      tabId: value.tabId,
      reused: value.reused,
    };
  }
  if (value.ok !== false || typeof value.reason !== 'string' || !REFUSALS.includes(value.reason)) {
    return undefined;
  }
  return {
    type: 'connector.navigateAck',
    popId: value.popId,
    ok: false,
    reason: value.reason as NavigateRefusal,
    ...(typeof value.message === 'string' ? { message: value.message.slice(0, 200) } : {}),
  };
}

export function parseNavigating(value: unknown): NavigatingMessage | undefined {
  if (
    !isObject(value) ||
    value.type !== 'connector.navigating' ||
    !isPopId(value.popId) ||
    !isTabId(value.tabId) ||
    typeof value.timeStamp !== 'number' ||
    !Number.isFinite(value.timeStamp)
  ) {
    return undefined;
  }
  return {
    type: 'connector.navigating',
    popId: value.popId,
    tabId: value.tabId,
    timeStamp: value.timeStamp,
  };
}

/** A navigate request as the connector sent it, or undefined (the extension ignores it). */
export function parseNavigate(value: unknown): NavigateMessage | undefined {
  if (
    !isObject(value) ||
    value.type !== 'connector.navigate' ||
    !isPopId(value.popId) ||
    typeof value.url !== 'string' ||
    !Array.isArray(value.allowedOrigins) ||
    !value.allowedOrigins.every((origin) => typeof origin === 'string')
  ) {
    return undefined;
  }
  return {
    type: 'connector.navigate',
    popId: value.popId,
    url: value.url,
    allowedOrigins: value.allowedOrigins as string[],
    focus: value.focus === true,
    newTab: value.newTab === 'foreground' ? 'foreground' : 'background',
  };
}
