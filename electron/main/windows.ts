// The app's windows: at most one per page, created on demand through the secure
// webPreferences factory, shown when ready, forgotten when closed. Closing a window never quits
// the app: it lives in the tray.
import { BrowserWindow } from 'electron';
import type { EventContract, EventName } from '../shared/ipc-contract.js';
import { EVENT_CHANNELS } from '../shared/ipc-contract.js';
import { pageUrl } from './security/app-protocol.js';
import { secureWebPreferences } from './web-preferences.js';

export type PageName = 'settings' | 'dialer' | 'history' | 'confirm-dial';

const PAGE_SIZES: Readonly<Record<PageName, { width: number; height: number }>> = {
  settings: { width: 920, height: 720 },
  dialer: { width: 440, height: 560 },
  history: { width: 960, height: 640 },
  'confirm-dial': { width: 420, height: 300 },
};

export interface WindowManagerOptions {
  preloadPath: string;
  title: (page: PageName) => string;
  iconPath?: string;
}

export class WindowManager {
  private readonly windows = new Map<PageName, BrowserWindow>();

  constructor(private readonly options: WindowManagerOptions) {}

  /** Shows the page's window (creating it if needed); `query` goes to the page URL. */
  open(page: PageName, query?: Record<string, string>): BrowserWindow {
    const existing = this.windows.get(page);
    if (existing && !existing.isDestroyed()) {
      if (query) void existing.loadURL(pageUrl(page, query));
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const size = PAGE_SIZES[page];
    const window = new BrowserWindow({
      ...size,
      show: false,
      title: this.options.title(page),
      autoHideMenuBar: true,
      alwaysOnTop: page === 'confirm-dial',
      ...(this.options.iconPath ? { icon: this.options.iconPath } : {}),
      webPreferences: secureWebPreferences(this.options.preloadPath),
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.windows.get(page) === window) this.windows.delete(page);
    });
    this.windows.set(page, window);
    void window.loadURL(pageUrl(page, query));
    return window;
  }

  close(page: PageName): void {
    const window = this.windows.get(page);
    if (window && !window.isDestroyed()) window.close();
  }

  /** Sends a contract event to every open page. */
  broadcast<K extends EventName>(name: K, payload: EventContract[K]): void {
    for (const window of this.windows.values()) {
      if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNELS[name], payload);
    }
  }

  closeAll(): void {
    for (const page of [...this.windows.keys()]) this.close(page);
  }
}
