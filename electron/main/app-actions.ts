// What the tray items and the IPC `openWindow` do, in one place, as plain functions of their
// dependencies (services, windows, the phone-link handler) so the composition root stays a list.
import { app, clipboard, dialog, Notification, shell } from 'electron';
import type { Logger } from '../core/ports.js';
import type { WindowName } from '../shared/ipc-contract.js';
import type { Translate } from '../shared/i18n/index.js';
import type { PhoneLinkHandler } from '../app/phone-link-handler.js';
import type { ConnectorServices } from '../app/services.js';
import { settingsSectionOf } from './settings-sections.js';
import type { TrayAction } from './tray/tray-menu.js';
import type { WindowManager } from './windows.js';

export interface AppActionsOptions {
  services: ConnectorServices;
  windows: Pick<WindowManager, 'open'>;
  links: Pick<PhoneLinkHandler, 'handleClipboard'>;
  translate: () => Translate;
  logDirectory: string;
  log: Logger;
}

export interface AppActions {
  runTrayAction(action: TrayAction): void;
  openWindow(window: WindowName): void;
  notify(title: string, body: string): void;
}

/** A short notice (dial result, refused link) as an OS notification. */
export function showPlainNotification(title: string, body: string): void {
  if (!Notification.isSupported()) return;
  new Notification({ title, body, silent: true }).show();
}

export function createAppActions(options: AppActionsOptions): AppActions {
  const { services, log } = options;

  const notify = showPlainNotification;

  const reportFailure =
    (what: string) => (result: { ok: boolean; error?: string; message?: string }) => {
      const t = options.translate();
      if (!result.ok) notify(t('app.name'), result.error ?? what);
      else if (result.message) notify(t('app.name'), result.message);
    };
  const logError = (what: string) => (error: unknown) => log.error(what, { error: String(error) });

  const showAbout = () => {
    const t = options.translate();
    void dialog.showMessageBox({
      type: 'info',
      title: t('tray.about'),
      message: t('app.name'),
      detail: t('about.detail', { version: app.getVersion() }),
      buttons: ['OK'],
    });
  };

  const openWindow = (window: WindowName) => {
    if (window === 'about') showAbout();
    else options.windows.open(window);
  };

  const runTrayAction = (action: TrayAction) => {
    switch (action.type) {
      case 'reconnect':
        services.reconnectNow();
        return;
      case 'set-paused':
        services.setPaused(action.paused).catch(logError('could not change pause'));
        return;
      case 'pop-again':
        services.popAgain(action.callId).then(reportFailure('pop'), logError('pop again failed'));
        return;
      case 'call-back':
        services.callBack(action.callId).then(reportFailure('dial'), logError('call back failed'));
        return;
      case 'open-window':
        // A section name goes into the window's URL: only one of the known sections does.
        if (action.window === 'settings' && action.section !== undefined)
          options.windows.open('settings', undefined, settingsSectionOf(action.section));
        else openWindow(action.window);
        return;
      case 'dial-clipboard':
        clipboard
          .readText()
          .then((text) => options.links.handleClipboard(text, 'clipboard'))
          .catch(logError('clipboard dial failed'));
        return;
      case 'open-log-folder':
        shell.openPath(options.logDirectory).then((problem) => {
          if (problem) log.warn('could not open the log folder', { problem });
        }, logError('could not open the log folder'));
        return;
      case 'quit':
        app.quit();
        return;
    }
  };

  return { runTrayAction, openWindow, notify };
}
