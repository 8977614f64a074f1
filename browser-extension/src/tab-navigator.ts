// Which tab a screen-pop goes to: a pure function of the open tabs, so it is unit-tested in Node
// and the service worker only carries out its answer. The rules an agent and an admin rely on:
// a URL whose origin the connector's rule did not allow is refused; only a tab whose current URL
// has the pop's origin (or matches an admin pattern) is ever navigated; the tab this extension
// opened last is preferred; with no such tab a new one is opened. Tabs of other origins are never
// touched, whatever the connector sends.

/** What the choice needs to know about one open tab (a subset of chrome.tabs.Tab). */
export interface TabFacts {
  id: number;
  url?: string;
  /** Where a loading tab is going; it counts for the choice, not the page it is leaving. */
  pendingUrl?: string;
  /** Chrome 121+: when the agent last looked at it; the most recent CRM tab wins a tie. */
  lastAccessed?: number;
  /** Only tabs of normal windows are candidates (not popups, not devtools). */
  windowType?: string;
}

export interface TabChoiceInput {
  tabs: readonly TabFacts[];
  /** The pop URL as the connector sent it. */
  url: string;
  /** The origins the connector's rule allows for this pop. */
  allowedOrigins: readonly string[];
  /** Admin match patterns of CRM tabs ("https://crm.example.com/*"); none = same origin only. */
  tabPatterns: readonly string[];
  /** The tab this extension opened or navigated last, if any. */
  lastTabId: number | undefined;
}

export type TabChoice =
  | { kind: 'refuse'; reason: 'origin-not-allowed'; message: string }
  | { kind: 'navigate'; tabId: number; href: string }
  | { kind: 'create'; href: string };

export function chooseTab(input: TabChoiceInput): TabChoice {
  const target = parseWebUrl(input.url);
  if (!target) {
    return { kind: 'refuse', reason: 'origin-not-allowed', message: 'not an http(s) URL' };
  }
  if (!input.allowedOrigins.includes(target.origin)) {
    return {
      kind: 'refuse',
      reason: 'origin-not-allowed',
      message: `${target.origin} is not among the origins this pop may open`,
    };
  }
  const isCrmTab = (tab: TabFacts): boolean => {
    const shown = tab.pendingUrl || tab.url;
    const current = shown ? parseWebUrl(shown) : undefined;
    if (!current) return false;
    if (tab.windowType !== undefined && tab.windowType !== 'normal') return false;
    return (
      current.origin === target.origin ||
      input.tabPatterns.some((pattern) => matchesPattern(pattern, current))
    );
  };
  const candidates = input.tabs.filter(isCrmTab);
  const last = candidates.find((tab) => tab.id === input.lastTabId);
  const chosen =
    last ??
    candidates.reduce<TabFacts | undefined>(
      (best, tab) =>
        best === undefined || (tab.lastAccessed ?? 0) > (best.lastAccessed ?? 0) ? tab : best,
      undefined,
    );
  return chosen
    ? { kind: 'navigate', tabId: chosen.id, href: target.href }
    : { kind: 'create', href: target.href };
}

function parseWebUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A WebExtension match pattern (`<scheme>://<host>/<path>`, scheme `*`, `http` or `https`, host
 * `*`, `*.example.com` or exact, path with `*` wildcards) tested against a URL. A malformed
 * pattern matches nothing.
 */
export function matchesPattern(pattern: string, url: URL): boolean {
  const parts = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*:]+)(?::(\d+|\*))?(\/.*)$/.exec(pattern);
  if (!parts) return false;
  const scheme = parts[1]!;
  const host = parts[2]!;
  const port = parts[3];
  const path = parts[4]!;
  const protocol = url.protocol.slice(0, -1);
  if (scheme !== '*' && scheme !== protocol) return false;
  if (host !== '*') {
    const hostname = url.hostname.toLowerCase();
    if (host.startsWith('*.')) {
      const domain = host.slice(2).toLowerCase();
      if (hostname !== domain && !hostname.endsWith(`.${domain}`)) return false;
    } else if (hostname !== host.toLowerCase()) {
      return false;
    }
  }
  if (port !== undefined && port !== '*' && url.port !== port) return false;
  const pathRegex = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`);
  return pathRegex.test(url.pathname + url.search);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
