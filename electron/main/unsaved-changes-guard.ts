// Closing (or reloading) the settings window with unsaved edits: the page's `beforeunload`
// handler holds the unload, Electron then emits `will-prevent-unload`, and this asks the agent in
// a native box. "Stay" (the default, also Esc) keeps the window and the edits; "Discard" lets the
// window go (preventDefault on this event overrides the page's hold). Without this listener
// Electron would silently keep the window open and the close button would seem broken.
import { dialog, type BrowserWindow } from 'electron';
import type { Translate } from '../shared/i18n/index.js';

export const STAY_BUTTON = 0;
export const DISCARD_BUTTON = 1;

export function guardUnsavedChanges(window: BrowserWindow, translate: () => Translate): void {
  window.webContents.on('will-prevent-unload', (event) => {
    const t = translate();
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      title: t('app.name'),
      message: t('unsaved.message'),
      detail: t('unsaved.detail'),
      buttons: [t('unsaved.stay'), t('unsaved.discard')],
      defaultId: STAY_BUTTON,
      cancelId: STAY_BUTTON,
      noLink: true,
    });
    if (choice === DISCARD_BUTTON) event.preventDefault();
  });
}
