// Defaults that apply to every webContents and the default session: no navigation away from
// our page, no new windows, no permissions, no requests to anything but our own origin.
// https://www.electronjs.org/docs/latest/tutorial/security (items 4, 5, 12, 13, 14)
import type { Event, Session, WebContents } from 'electron';
import type { Logger } from '../../core/ports.js';
import { APP_SCHEME } from './app-protocol.js';

/** Schemes a page may load from: our own origin and inline images; devtools when opened. */
const ALLOWED_REQUEST_SCHEMES = new Set([`${APP_SCHEME}:`, 'data:', 'devtools:']);

export function isAllowedRequestUrl(url: string): boolean {
  try {
    return ALLOWED_REQUEST_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Applied to each webContents as it is created (app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents, log: Logger): void {
  const refuse = (what: string) => (event: Event, url?: string) => {
    event.preventDefault();
    log.warn(`refused ${what}`, { url });
  };
  // Our pages are single documents; any navigation is either a bug or an injected link.
  contents.on('will-navigate', (event, url) => refuse('navigation')(event, url));
  contents.on('will-redirect', (event, url) => refuse('redirect')(event, url));
  contents.on('will-attach-webview', (event) => refuse('webview')(event));
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('refused window.open', { url });
    return { action: 'deny' };
  });
}

/** Applied once to the session our windows use. */
export function hardenSession(session: Session, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('refused permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url);
    if (!allowed) log.warn('refused a request from a page', { url: details.url });
    callback({ cancel: !allowed });
  });
}
