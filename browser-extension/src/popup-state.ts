// What the popup shows, kept in storage.session by the service worker (session storage lives as
// long as the browser, survives the worker's suspension, and is readable by extension pages only):
// the link state (`linkState`/`linkDetail`, written by the service worker's link) and the last pop.

export interface LastPop {
  url: string;
  tabId: number;
  reused: boolean;
  /** ms since the epoch. */
  at: number;
}

export interface PopupState {
  linkState: string | undefined;
  linkDetail: string | undefined;
  lastPop: LastPop | undefined;
}

const LAST_POP_KEY = 'lastPop';

/** The service worker calls this after a pop it navigated (the one hook the popup needs). */
export async function recordLastPop(pop: LastPop): Promise<void> {
  await chrome.storage.session?.set({ [LAST_POP_KEY]: pop }).catch(() => {});
}

function isLastPop(value: unknown): value is LastPop {
  const v = value as Partial<LastPop> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.url === 'string' &&
    typeof v.tabId === 'number' &&
    typeof v.at === 'number'
  );
}

export async function readPopupState(): Promise<PopupState> {
  const stored: Record<string, unknown> =
    (await chrome.storage.session?.get(null).catch(() => ({}))) ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    linkState: text(stored.linkState),
    linkDetail: text(stored.linkDetail),
    lastPop: isLastPop(stored[LAST_POP_KEY]) ? (stored[LAST_POP_KEY] as LastPop) : undefined,
  };
}
