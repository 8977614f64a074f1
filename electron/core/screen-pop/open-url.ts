// Where a screen-pop URL opens: the agent's CRM tab through the browser companion extension, or
// the browser through the OS opener. The extension is a plug-in (the event bridge offers a tab
// navigator); screen-pop only sees an injected `openInTab` function, so this file knows nothing
// about sockets. No pop is ever lost: whatever goes wrong on the tab path, the URL still opens
// in the browser, and `via` says which path it took and why.
import type { OpenIn } from '../config/schema.js';
import type { Logger, UrlOpener } from '../ports.js';
import { errorMessage } from '../error-message.js';

/** What screen-pop asks the tab navigator (the connector fills in focus / new-tab placement). */
export interface TabOpenRequest {
  /** Unique per pop, so a late or forged ack can be told apart. */
  popId: string;
  /** Already through the URL policy (scheme, parse). */
  url: string;
  /** The origins the extension may open for this pop (it checks again). */
  allowedOrigins: string[];
}

export type TabOpenFailure =
  /** No extension has subscribed to the tabs stream. */
  | { ok: false; reason: 'no-extension'; detail: string }
  /** It did not answer within the deadline. */
  | { ok: false; reason: 'silent'; detail: string }
  /** It answered no (origin not allowed, no window, an error in the browser). */
  | { ok: false; reason: 'refused'; detail: string }
  /** It went away before answering. */
  | { ok: false; reason: 'disconnected'; detail: string };

export type TabOpenResult = { ok: true; tabId: number; reused: boolean } | TabOpenFailure;

/** The tab path as screen-pop sees it; never rejects. */
export type OpenInTab = (request: TabOpenRequest) => Promise<TabOpenResult>;

/** The tab path when no navigator is plugged in. */
export const noTabNavigator: OpenInTab = () =>
  Promise.resolve({ ok: false, reason: 'no-extension', detail: 'no extension connected' });

export interface OpenUrlDeps {
  opener: UrlOpener;
  openInTab: OpenInTab;
  log: Logger;
}

export type OpenUrlResult = { ok: true; via: string } | { ok: false; via: string; error: string };

/**
 * Opens `href` (already checked by the URL policy) where `openIn` says, falling back to the
 * browser. Never throws.
 */
export async function openUrl(
  href: string,
  openIn: OpenIn,
  popId: string,
  browser: string,
  deps: OpenUrlDeps,
): Promise<OpenUrlResult> {
  if (openIn !== 'browser') {
    const tab = await safely(() =>
      deps.openInTab({ popId, url: href, allowedOrigins: [new URL(href).origin] }),
    );
    if (tab.ok) return { ok: true, via: `tab ${tab.tabId} (${tab.reused ? 'reused' : 'new'})` };
    const why = `browser: ${tab.detail}`;
    // `tab` asked for the extension: falling back works, but someone should look at why.
    if (openIn === 'tab') deps.log.warn(`the rule wants the CRM tab; opened in the ${why}`);
    // Without an extension, auto is simply today's behaviour: the record says so, no log line.
    else if (tab.reason !== 'no-extension')
      deps.log.info(`screen-pop ${popId} opens in the ${why}`);
    return openInBrowser(href, browser, why, deps);
  }
  return openInBrowser(href, browser, 'browser (the rule says browser)', deps);
}

async function openInBrowser(
  href: string,
  browser: string,
  via: string,
  deps: OpenUrlDeps,
): Promise<OpenUrlResult> {
  try {
    await deps.opener.open(href, browser ? { browser } : undefined);
    return { ok: true, via };
  } catch (error) {
    return { ok: false, via, error: errorMessage(error) };
  }
}

/** A navigator that throws counts as one that failed, never as a lost pop. */
async function safely(navigate: () => Promise<TabOpenResult>): Promise<TabOpenResult> {
  try {
    return await navigate();
  } catch (error) {
    return { ok: false, reason: 'refused', detail: `extension failed (${errorMessage(error)})` };
  }
}
