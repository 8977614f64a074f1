// The companion extension's background: one link to the connector's event bridge, and for each
// screen-pop it is handed, the agent's CRM tab navigated (or one opened, then re-used) and an
// ack sent back. Listeners are registered at the top level so the browser can wake the worker
// for them; the link itself keeps the worker awake while it is up (bridge-link.ts).
import type { NavigateMessage, NavigateRefusal } from '../../electron/shared/extension-protocol.js';
import { BridgeLink } from './bridge-link.js';
import { readLinkSettings, SETTING_KEYS, type LinkSettings } from './link-settings.js';
import { chooseTab } from './tab-navigator.js';
import { recordLastPop } from './popup-state.js';

const isFirefox = chrome.runtime.getURL('').startsWith('moz-extension:');
/** The tab this extension navigated or opened last, kept across worker restarts. */
const LAST_TAB_KEY = 'lastTabId';
/** Navigations already seen per tab, for a navigating report that overtakes tabs.create. */
const RECENT_NAVIGATION_MS = 10_000;

let settings: LinkSettings | undefined;
/** Pops waiting for their tab to start loading: tabId → popId and the URL it should load. */
const awaitingNavigation = new Map<number, { popId: string; href: string }>();
const recentNavigations: Array<{ tabId: number; url: string; timeStamp: number }> = [];

const link = new BridgeLink({
  browser: isFirefox ? 'firefox' : 'chromium',
  version: chrome.runtime.getManifest().version,
  onNavigate: (message) => void navigate(message),
  onState: (state, detail) => {
    console.info(`Accolades companion: ${state} (${detail})`);
    void chrome.storage.session?.set({ linkState: state, linkDetail: detail }).catch(() => {});
  },
});

async function applySettings(): Promise<void> {
  settings = await readLinkSettings();
  link.configure(settings.bridgePort, settings.token);
}

async function navigate(message: NavigateMessage): Promise<void> {
  const refuse = (reason: NavigateRefusal, text: string): void => {
    link.send({
      type: 'connector.navigateAck',
      popId: message.popId,
      ok: false,
      reason,
      message: text,
    });
  };
  try {
    const current = settings ?? (await readLinkSettings());
    const focus = message.focus || current.focusTab;
    const placement = current.newTab ?? message.newTab;
    const stored = await chrome.storage.session.get(LAST_TAB_KEY).catch(() => ({}));
    const lastTabId = (stored as Record<string, unknown>)[LAST_TAB_KEY];
    const tabs = await chrome.tabs.query({ windowType: 'normal' });
    const choice = chooseTab({
      tabs: tabs.flatMap((tab) =>
        tab.id === undefined
          ? []
          : [
              {
                id: tab.id,
                url: tab.url,
                pendingUrl: tab.pendingUrl,
                lastAccessed: tab.lastAccessed,
              },
            ],
      ),
      url: message.url,
      allowedOrigins: message.allowedOrigins,
      tabPatterns: current.tabPatterns,
      lastTabId: typeof lastTabId === 'number' ? lastTabId : undefined,
    });
    if (choice.kind === 'refuse') return refuse(choice.reason, choice.message);
    let tabId: number;
    if (choice.kind === 'navigate') {
      tabId = choice.tabId;
      // Registered before the update: the browser may report the navigation before it resolves.
      awaitingNavigation.set(tabId, { popId: message.popId, href: choice.href });
      const tab = await chrome.tabs.update(tabId, {
        url: choice.href,
        ...(focus ? { active: true } : {}),
      });
      if (focus && tab?.windowId !== undefined)
        await chrome.windows.update(tab.windowId, { focused: true });
    } else {
      const created = await openTab(choice.href, focus || placement === 'foreground');
      if (!created) return refuse('no-window', 'the browser has no window to open the CRM in');
      tabId = created;
      awaitingNavigation.set(tabId, { popId: message.popId, href: choice.href });
      reportIfAlreadyNavigating(tabId);
    }
    await chrome.storage.session.set({ [LAST_TAB_KEY]: tabId }).catch(() => {});
    link.send({
      type: 'connector.navigateAck',
      popId: message.popId,
      ok: true,
      tabId,
      reused: choice.kind === 'navigate',
    });
    // For the popup's "last pop" line (popup-state.ts).
    void recordLastPop({
      url: choice.href,
      tabId,
      reused: choice.kind === 'navigate',
      at: Date.now(),
    });
  } catch (error) {
    refuse('error', String(error).slice(0, 200));
  }
}

/** A new tab in the last focused normal window, or a new window when there is none. */
async function openTab(href: string, active: boolean): Promise<number | undefined> {
  try {
    const tab = await chrome.tabs.create({ url: href, active });
    if (tab.id !== undefined) return tab.id;
  } catch {
    // No normal window to put it in: a window of its own below.
  }
  const window = await chrome.windows.create({ url: href, focused: active }).catch(() => undefined);
  return window?.tabs?.[0]?.id;
}

function report(tabId: number, timeStamp: number): void {
  const waiting = awaitingNavigation.get(tabId);
  if (!waiting) return;
  awaitingNavigation.delete(tabId);
  link.send({ type: 'connector.navigating', popId: waiting.popId, tabId, timeStamp });
}

function reportIfAlreadyNavigating(tabId: number): void {
  const waiting = awaitingNavigation.get(tabId);
  const seen = recentNavigations.find((n) => n.tabId === tabId && n.url === waiting?.href);
  if (seen) report(tabId, seen.timeStamp);
}

chrome.webNavigation.onBeforeNavigate.addListener((details) => {
  if (details.frameId !== 0) return;
  const now = Date.now();
  recentNavigations.push({ tabId: details.tabId, url: details.url, timeStamp: details.timeStamp });
  while (
    recentNavigations.length > 0 &&
    now - recentNavigations[0]!.timeStamp > RECENT_NAVIGATION_MS
  ) {
    recentNavigations.shift();
  }
  if (awaitingNavigation.get(details.tabId)?.href === details.url)
    report(details.tabId, details.timeStamp);
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' && area !== 'managed') return;
  if (SETTING_KEYS.some((key) => key in changes)) void applySettings();
});

// A worker the browser stopped (no connector for a while) comes back on this alarm and retries.
chrome.alarms.create('bridge-link', { periodInMinutes: 0.5 });
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === 'bridge-link') link.ensure();
});

void applySettings();
