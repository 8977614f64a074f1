// The one IPC setup the main-process tests share: the UI ports main gives the handlers (English,
// secure storage available, dialogs answered by the shared Electron fake, no files written
// unless a test says so) and the real guard options. A test overrides only what it looks at.
import { DialRequestBroker } from '../../electron/app/dial-requests.js';
import type { ConnectorServices } from '../../electron/app/services.js';
import { createIpcHandlers, type IpcUiPorts } from '../../electron/main/ipc/handlers.js';
import type { GuardOptions } from '../../electron/main/ipc/invoke-guard.js';
import { registerAllHandlers } from '../../electron/main/ipc/register-handlers.js';
import { pageOfUrl, pageUrl } from '../../electron/main/security/app-protocol.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import { dialog } from './electron.js';
import { FakeClock } from './fake-clock.js';
import { MemoryLogger } from './memory-logger.js';

/** The URL a page's window has in the app, as the guard sees it in `senderFrame.url`. */
export const PAGE = {
  settings: pageUrl('settings'),
  dialer: pageUrl('dialer'),
  history: pageUrl('history'),
  confirmDial: pageUrl('confirm-dial'),
} as const satisfies Record<string, string>;

export function testUiPorts(
  services: ConnectorServices,
  overrides: Partial<IpcUiPorts> = {},
): IpcUiPorts {
  return {
    translate: () => createTranslator('en'),
    osLocale: () => 'en-US',
    secureStorage: () => ({ available: true }),
    dialRequests: new DialRequestBroker({ services, clock: new FakeClock() }),
    chooseCsvPath: async () => undefined,
    writeCsvFile: async () => {},
    showMessageBox: (box) => dialog.showMessageBox(box),
    ...overrides,
  };
}

/** The guard options the app uses: our pages by URL, English messages. */
export function testGuardOptions(log = new MemoryLogger()): GuardOptions {
  return { pageOf: pageOfUrl, log, translate: () => createTranslator('en') };
}

/** Registers the real handlers behind the real guard on the fake ipcMain; returns the remover. */
export function registerTestHandlers(
  services: ConnectorServices,
  ui: Partial<IpcUiPorts> = {},
  log = new MemoryLogger(),
): () => void {
  return registerAllHandlers(
    createIpcHandlers(services, testUiPorts(services, ui)),
    testGuardOptions(log),
  );
}
