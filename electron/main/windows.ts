// The app's windows: at most one per page, created on demand through the secure
// webPreferences factory, shown when ready, forgotten when closed. Closing a window never quits
// the app: it lives in the tray.
import { BrowserWindow } from 'electron';
import type { EventContract, EventName } from '../shared/ipc-contract.js';
import { eventChannel, type PageName } from '../shared/ipc-contract.js';
import { pageUrl } from './security/app-protocol.js';
import type { SettingsSection } from './settings-sections.js';
import { secureWebPreferences } from './web-preferences.js';

export type { PageName };

interface PageWindow {
  width: number;
  height: number;
  /**
   * Comes up on top WITHOUT taking the focus, and is never reloaded while open. For the tel:
   * confirmation, which a web page can trigger at any moment: taking the focus would let a
   * keystroke meant for something else answer it, and a reload would swap the number under
   * the agent's cursor (the page queues further requests itself).
   */
  confirmation?: boolean;
  /**
   * Comes up on top WITHOUT taking the focus, like a confirmation, but shows the newest query
   * (the contact picker: a new call with several matches replaces the previous one's list).
   */
  quiet?: boolean;
}

const PAGE_WINDOWS: Readonly<Record<PageName, PageWindow>> = {
  settings: { width: 920, height: 720 },
  dialer: { width: 440, height: 560 },
  history: { width: 960, height: 640 },
  'confirm-dial': { width: 420, height: 340, confirmation: true },
  // Comes up during a call like the tel: confirmation: on top, never taking the keyboard.
  'pick-contact': { width: 440, height: 420, quiet: true },
};

export interface WindowManagerOptions {
  preloadPath: string;
  title: (page: PageName) => string;
  iconPath?: string;
  /** Runs once for each new window (e.g. the settings window's unsaved-changes guard). */
  onCreate?: (page: PageName, window: BrowserWindow) => void;
}

/**
 * The page URL, with `#section` for a deep link into the settings window. `section` is typed as
 * one of ours (settingsSectionOf checked it); nothing else ever reaches the fragment.
 */
function windowUrl(
  page: PageName,
  query: Record<string, string> | undefined,
  section: SettingsSection | undefined,
): string {
  const url = pageUrl(page, query);
  return section === undefined ? url : `${url}#${section}`;
}

export class WindowManager {
  private readonly windows = new Map<PageName, BrowserWindow>();

  constructor(private readonly options: WindowManagerOptions) {}

  /**
   * Shows the page's window (creating it if needed); `query` goes to the page URL and `section`
   * to its fragment. An open window given only a section is not reloaded: a fragment-only
   * loadURL is an in-page navigation (the page's `hashchange`), so unsaved edits stay.
   */
  open(page: PageName, query?: Record<string, string>, section?: SettingsSection): BrowserWindow {
    const { width, height, confirmation = false, quiet = false } = PAGE_WINDOWS[page];
    const existing = this.windows.get(page);
    if (existing && !existing.isDestroyed()) {
      if (quiet) {
        if (query) void existing.loadURL(pageUrl(page, query));
        existing.showInactive();
        return existing;
      }
      if (confirmation) {
        // showInactive also brings a minimised window back on Windows, without activating it.
        existing.showInactive();
        return existing;
      }
      if (query || section) void existing.loadURL(windowUrl(page, query, section));
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const window = new BrowserWindow({
      width,
      height,
      show: false,
      title: this.options.title(page),
      autoHideMenuBar: true,
      alwaysOnTop: confirmation || quiet,
      ...(this.options.iconPath ? { icon: this.options.iconPath } : {}),
      webPreferences: secureWebPreferences(this.options.preloadPath),
    });
    window.once('ready-to-show', () =>
      confirmation || quiet ? window.showInactive() : window.show(),
    );
    window.on('closed', () => {
      if (this.windows.get(page) === window) this.windows.delete(page);
    });
    this.windows.set(page, window);
    this.options.onCreate?.(page, window);
    void window.loadURL(windowUrl(page, query, section));
    return window;
  }

  close(page: PageName): void {
    const window = this.windows.get(page);
    if (window && !window.isDestroyed()) window.close();
  }

  /** Sends a contract event to every open page. */
  broadcast<K extends EventName>(name: K, payload: EventContract[K]): void {
    for (const window of this.windows.values()) {
      if (!window.isDestroyed()) window.webContents.send(eventChannel(name), payload);
    }
  }

  closeAll(): void {
    for (const page of [...this.windows.keys()]) this.close(page);
  }
}
