// Deep links into the settings window and its unsaved-changes guard, against the electron fake:
// the tray's "Rules…" opens settings on its Rules section (a URL fragment main builds only from
// the known section list), an open window is not reloaded for it, and closing with unsaved edits
// asks in a native box whose default is to stay.
vi.mock('electron', () => import('../fakes/electron.js'));

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppActions } from '../../electron/main/app-actions.js';
import {
  DISCARD_BUTTON,
  STAY_BUTTON,
  guardUnsavedChanges,
} from '../../electron/main/unsaved-changes-guard.js';
import { buildTrayMenu, type TrayAction } from '../../electron/main/tray/tray-menu.js';
import { WindowManager } from '../../electron/main/windows.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import type { ConnectorServices } from '../../electron/app/services.js';
import { BrowserWindow, dialog, electronFake } from '../fakes/electron.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

const SETTINGS_URL = 'app://connector/settings/index.html';
let windows: WindowManager;
let language: 'en' | 'ro';

function actions() {
  return createAppActions({
    // The deep link never reaches the services; any call would throw on this empty object.
    services: {} as ConnectorServices,
    windows,
    links: {
      handleClipboard: () => Promise.reject(new Error('the deep link never reads the clipboard')),
    },
    translate: () => createTranslator(language),
    logDirectory: '/nowhere',
    log: new MemoryLogger(),
  });
}

function rulesAction(): TrayAction {
  const t = createTranslator(language);
  const item = buildTrayMenu(
    { phase: 'connected', statusLine: 'ok', paused: false, recentCalls: [], canDial: false },
    { t, formatTime: String },
  ).find((entry) => entry.id === 'settings-rules');
  if (!item?.action) throw new Error('the tray has no Rules… item');
  return item.action;
}

beforeEach(() => {
  electronFake.reset();
  language = 'en';
  windows = new WindowManager({
    preloadPath: '/app/preload.cjs',
    title: () => 'Connector',
    onCreate: (page, window) => {
      if (page === 'settings') guardUnsavedChanges(window, () => createTranslator(language));
    },
  });
});

describe('settings deep link from the tray', () => {
  it('"Rules…" opens the settings window on #rules, and an open window only moves there (no reload of its query)', () => {
    language = 'ro';
    expect(
      buildTrayMenu(
        { phase: 'connected', statusLine: 'ok', paused: false, recentCalls: [], canDial: false },
        { t: createTranslator('ro'), formatTime: String },
      ).find((entry) => entry.id === 'settings-rules')?.label,
    ).toBe('Reguli…');
    actions().runTrayAction(rulesAction());
    expect(BrowserWindow.instances).toHaveLength(1);
    const window = BrowserWindow.instances[0]!;
    expect(window.loadedUrls).toEqual([`${SETTINGS_URL}#rules`]);

    // Plain "Settings…" on an open window: shown and focused, not navigated.
    window.emit('ready-to-show');
    actions().runTrayAction({ type: 'open-window', window: 'settings' });
    expect(window.loadedUrls).toHaveLength(1);
    expect(window.activations).toBeGreaterThan(1);
    // "Rules…" again: the same window, a fragment-only navigation (the page's hashchange).
    actions().runTrayAction(rulesAction());
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.loadedUrls).toEqual([`${SETTINGS_URL}#rules`, `${SETTINGS_URL}#rules`]);
  });

  it.each([
    ['markup', '"><img src=x onerror=alert(1)>'],
    ['a path', '../history/index.html'],
    ['a selector', 'rules, body'],
    ['a prototype key', '__proto__'],
    ['a near miss', 'Rules'],
    ['not a string', 42],
  ])(
    'a hostile section name (%s) never reaches the URL: settings opens on its first section',
    (_kind, section) => {
      actions().runTrayAction({
        type: 'open-window',
        window: 'settings',
        section: section as string,
      });
      expect(BrowserWindow.instances[0]?.loadedUrls).toEqual([SETTINGS_URL]);
    },
  );
});

describe('closing the settings window with unsaved edits', () => {
  it('asks in the UI language; "Stay" (default and Esc) keeps the window, "Close without saving" lets it go', () => {
    language = 'ro';
    const window = windows.open('settings') as unknown as BrowserWindow;
    dialog.messageBoxResponse = STAY_BUTTON;
    const stay = window.webContents.fire('will-prevent-unload');
    expect(stay.defaultPrevented).toBe(false);
    expect(dialog.messageBoxes[0]).toMatchObject({
      message: 'Aveți setări nesalvate.',
      buttons: ['Rămân', 'Închide fără salvare'],
      defaultId: STAY_BUTTON,
      cancelId: STAY_BUTTON,
    });

    dialog.messageBoxResponse = DISCARD_BUTTON;
    const leave = window.webContents.fire('will-prevent-unload');
    // preventDefault on will-prevent-unload = ignore the page's beforeunload hold: it closes.
    expect(leave.defaultPrevented).toBe(true);
  });

  it('only the settings window is guarded (the history window has no edits to lose)', () => {
    const history = windows.open('history') as unknown as BrowserWindow;
    expect(history.webContents.listenerCount('will-prevent-unload')).toBe(0);
    const settings = windows.open('settings') as unknown as BrowserWindow;
    expect(settings.webContents.listenerCount('will-prevent-unload')).toBe(1);
  });
});
