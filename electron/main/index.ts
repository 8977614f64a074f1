// The composition root: the only module with side effects at start-up. It creates every
// dependency once and passes it down; nothing in electron/main is a singleton, nothing is
// imported for its side effects. Read top to bottom: the order of setupX() is the start order.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  clipboard,
  dialog,
  Menu,
  protocol,
  session,
  type MessageBoxOptions,
  type WebContents,
} from 'electron';
import { PROTOCOL_SCHEMES, HIDDEN_START_SWITCH } from '../core/platform/product-identity.js';
import { appPolicyFile } from '../core/config/policy-path.js';
import { systemClock } from '../core/system-clock.js';
import type { Logger } from '../core/ports.js';
import { createTranslator, resolveLanguage, type Translate } from '../shared/i18n/index.js';
import { isLocked } from '../core/config/key-paths.js';
import { createAppActions, showPlainNotification } from './app-actions.js';
import { createFileLogger } from './app-log.js';
import { setupAutoUpdate } from './auto-update.js';
import { createConnectorServices } from '../app/connector-adapter.js';
import { DialRequestBroker } from '../app/dial-requests.js';
import { DialShortcut } from './dial-shortcut.js';
import { forwardEvents } from './ipc/event-forwarder.js';
import { createIpcHandlers, writeCsvFile } from './ipc/handlers.js';
import { registerAllHandlers } from './ipc/register-handlers.js';
import { applyStartAtLogin } from './login-item.js';
import { setupCallNotifications } from './notifications/call-notifications.js';
import { setupPairingConfirmation } from './pairing-confirmation.js';
import { PhoneLinkHandler } from '../app/phone-link-handler.js';
import { setupPowerEvents } from './power.js';
import { systemProxyResolver } from './system-proxy.js';
import { findPhoneLinkInArgv } from '../app/protocol-links.js';
import { APP_SCHEME, isOwnPageUrl, serveAppAsset } from './security/app-protocol.js';
import { hardenSession, hardenWebContents } from './security/harden.js';
import { SafeStorageSecretStore } from './store/safe-storage-secrets.js';
import { createSecretBlobFile } from './store/secret-blob-file.js';
import { createSettingsStore } from './store/settings-store.js';
import { setupTray } from './tray/setup-tray.js';
import { WindowManager } from './windows.js';
import type { ConnectorFactory } from '../app/services.js';
import { errorMessage } from '../core/error-message.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Before `ready`: sandbox every renderer, claim the single instance, declare app://. */
function setupBeforeReady(): boolean {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) return false;
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false },
    },
  ]);
  // A tray app: closing the last window must not quit.
  app.on('window-all-closed', () => {});
  return true;
}

/** Links that arrive before the app is ready (macOS `open-url` at launch) wait here. */
function setupEarlyLinkQueue(): {
  take: () => string[];
  deliverTo: (fn: (link: string) => void) => void;
} {
  const early: string[] = [];
  let deliver: ((link: string) => void) | undefined;
  const receive = (link: string) => (deliver ? deliver(link) : early.push(link));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receive(url);
  });
  app.on('second-instance', (_event, argv) => {
    const link = findPhoneLinkInArgv(argv);
    if (link) receive(link);
  });
  const firstLaunchLink = findPhoneLinkInArgv(process.argv);
  if (firstLaunchLink) early.push(firstLaunchLink);
  return {
    take: () => early.splice(0),
    deliverTo: (fn) => {
      deliver = fn;
    },
  };
}

function setupHardening(log: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) =>
    hardenWebContents(contents, log),
  );
  hardenSession(session.defaultSession, log.child('session'));
}

function setupAppProtocol(): void {
  // `npm run build` puts the compiled pages and their html/css side by side here.
  const roots = [join(app.getAppPath(), 'dist', 'renderer')];
  protocol.handle(APP_SCHEME, (request) => serveAppAsset(request.url, roots));
}

function setupProtocolClient(log: Logger): void {
  for (const scheme of PROTOCOL_SCHEMES) {
    // Started as `electron .` in development: the OS must pass our script path back too.
    const ok =
      process.defaultApp && process.argv[1]
        ? app.setAsDefaultProtocolClient(scheme, process.execPath, [process.argv[1]])
        : app.setAsDefaultProtocolClient(scheme);
    if (!ok) log.warn('could not register as the handler for links', { scheme });
  }
}

/** Automatic updates, only from a feed the admin policy gives and locks (read at start). */
async function setupUpdates(
  services: ReturnType<ConnectorFactory>,
  log: Logger,
  t: () => Translate,
): Promise<{ stop(): void }> {
  const { lockedKeys } = await services.getSettings();
  return setupAutoUpdate({
    config: services.getConfig().updates,
    feedLockedByPolicy: isLocked('updates.feedUrl', lockedKeys),
    log,
    clock: systemClock,
    notifyReady: (version) =>
      showPlainNotification(t()('update.readyTitle'), t()('update.readyBody', { version })),
  });
}

async function start(createServices: ConnectorFactory): Promise<void> {
  const links = setupEarlyLinkQueue();
  await app.whenReady();
  app.dock?.hide();
  Menu.setApplicationMenu(null);

  const logDirectory = app.getPath('logs');
  const { log, close: closeLog } = createFileLogger(logDirectory);
  setupHardening(log.child('security'));
  setupAppProtocol();

  // The installed app obeys only the administrator's machine-wide file (see policy-path.ts).
  const policy = appPolicyFile({
    platform: process.platform,
    env: process.env,
    packaged: app.isPackaged,
  });
  log.info(`policy: ${policy.path} (${policy.reason})`);

  const dataDirectory = app.getPath('userData');
  let translate: Translate = createTranslator(resolveLanguage('auto', app.getLocale()));
  const secrets = await SafeStorageSecretStore.create({
    blobs: createSecretBlobFile(dataDirectory),
    messages: {
      basicText: () => translate('secrets.basicText'),
      unavailable: () => translate('secrets.unavailable'),
    },
  });
  const services = createServices({
    userSettings: createSettingsStore({ directory: dataDirectory, log: log.child('settings') }),
    policyFile: policy.path,
    secrets,
    logger: log.child('core'),
    dataDirectory,
    resolveProxy: systemProxyResolver(log.child('proxy')),
  });
  const language = () => resolveLanguage(services.getConfig().ui.language, app.getLocale());
  translate = createTranslator(language());
  const t = () => translate;

  const windows = new WindowManager({
    preloadPath: join(here, '..', 'preload', 'connector.cjs'),
    title: () => translate('app.name'),
  });
  const broker = new DialRequestBroker({
    services,
    clock: systemClock,
    goneMessage: () => translate('error.dialRequestGone'),
  });
  const phoneLinks = new PhoneLinkHandler({
    services,
    broker,
    translate: t,
    log: log.child('links'),
    notify: showPlainNotification,
    // The confirm page shows the oldest waiting request and the others in turn; a request that
    // arrives while the window is open only joins the queue (the window is not reloaded).
    // Closing the window cancels every waiting request.
    confirm: (_request, signal) =>
      new Promise<boolean>((resolve) => {
        const window = windows.open('confirm-dial');
        window.once('closed', () => resolve(false));
        signal.addEventListener('abort', () => resolve(false));
      }),
  });
  const actions = createAppActions({
    services,
    windows,
    links: phoneLinks,
    translate: t,
    logDirectory,
    log: log.child('actions'),
  });

  const ui = {
    translate: t,
    osLocale: () => app.getLocale(),
    secureStorage: () => {
      const reason = secrets.unavailableReason();
      return reason ? { available: false, reason } : { available: true };
    },
    dialRequests: broker,
    openWindow: actions.openWindow,
    chooseCsvPath: async (defaultName: string) => {
      const chosen = await dialog.showSaveDialog({
        title: translate('export.title'),
        defaultPath: defaultName,
      });
      return chosen.canceled ? undefined : chosen.filePath;
    },
    writeTextFile: writeCsvFile,
    showMessageBox: (options: MessageBoxOptions) => dialog.showMessageBox(options),
    chooseSettingsSavePath: async (defaultName: string) => {
      const chosen = await dialog.showSaveDialog({
        title: translate('settingsFile.exportTitle'),
        defaultPath: defaultName,
        filters: [{ name: translate('settingsFile.filterName'), extensions: ['json'] }],
      });
      return chosen.canceled ? undefined : chosen.filePath;
    },
    chooseSettingsOpenPath: async () => {
      const chosen = await dialog.showOpenDialog({
        title: translate('settingsFile.importTitle'),
        properties: ['openFile'],
        filters: [{ name: translate('settingsFile.filterName'), extensions: ['json'] }],
      });
      return chosen.canceled ? undefined : chosen.filePaths[0];
    },
    appInfo: () => ({
      name: translate('app.name'),
      version: app.getVersion(),
      platform: process.platform,
    }),
  };
  const guard = { isOwnPage: isOwnPageUrl, log: log.child('ipc'), translate: t };
  const removeHandlers = registerAllHandlers(createIpcHandlers(services, ui), guard);
  const stopForwarding = forwardEvents(services, ui, broker, (name, payload) =>
    windows.broadcast(name, payload),
  );

  const canDial = () => {
    const rest = services.getConfig().rest;
    return rest.account !== '' && rest.deviceId !== '' && secrets.has('restPassword');
  };
  const tray = setupTray({
    services,
    translate: t,
    locale: language,
    iconPath: (file) => join(app.getAppPath(), 'electron', 'assets', file),
    canDial,
    onAction: actions.runTrayAction,
    log: log.child('tray'),
  });
  const stopNotifications = setupCallNotifications({
    services,
    translate: t,
    log: log.child('notifications'),
  });
  const stopPairing = setupPairingConfirmation({
    services,
    showMessageBox: (options) => dialog.showMessageBox(options),
    translate: t,
    log: log.child('pairing'),
  });
  const stopPower = setupPowerEvents({
    reconnectNow: () => services.reconnectNow(),
    log: log.child('power'),
    clock: systemClock,
  });

  const shortcut = new DialShortcut(() => {
    clipboard
      .readText()
      .then((text) => phoneLinks.handleClipboard(text, 'shortcut'))
      .catch((error: unknown) => log.error('shortcut dial failed', { error: String(error) }));
  });
  const environment = {
    platform: process.platform,
    env: process.env,
    homeDirectory: homedir(),
    executablePath: process.execPath,
  };
  let lastStartAtLogin: boolean | undefined;
  const applyConfig = () => {
    const config = services.getConfig();
    translate = createTranslator(language());
    const result = shortcut.apply(config.ui.dialShortcut);
    if (!result.ok) log.warn('the dial shortcut is not active', { error: result.error });
    if (config.ui.startAtLogin !== lastStartAtLogin) {
      lastStartAtLogin = config.ui.startAtLogin;
      applyStartAtLogin(config.ui.startAtLogin, environment).catch((error: unknown) =>
        log.error('could not change start at login', { error: String(error) }),
      );
    }
  };
  const stopConfig = services.on('config', applyConfig);
  applyConfig();
  setupProtocolClient(log.child('links'));

  // Filled once the services run; quitting earlier has nothing to stop.
  const autoUpdate: { current?: { stop(): void } } = {};
  app.on('before-quit', () => {
    autoUpdate.current?.stop();
    stopConfig();
    shortcut.clear();
    stopPower();
    stopNotifications();
    stopPairing();
    stopForwarding();
    removeHandlers();
    tray.dispose();
    windows.closeAll();
    services.stop().finally(closeLog);
  });

  await services.start();
  autoUpdate.current = await setupUpdates(services, log.child('updates'), t);
  const handleLink = (link: string) => {
    phoneLinks
      .handleLink(link)
      .catch((error: unknown) => log.error('link failed', { error: String(error) }));
  };
  links.take().forEach(handleLink);
  links.deliverTo(handleLink);

  // First run: no CRM ID yet, so open the settings (the wizard) unless started at login.
  if (services.getConfig().accolades.crmId === '' && !process.argv.includes(HIDDEN_START_SWITCH)) {
    windows.open('settings');
  }
}

/** The app's entry: this module is the Electron main script, so it runs on load. */
function main(createServices: ConnectorFactory = createConnectorServices): void {
  if (!setupBeforeReady()) {
    app.quit();
    return;
  }
  start(createServices).catch((error: unknown) => {
    dialog.showErrorBox('Accolades Connector', errorMessage(error));
    app.exit(1);
  });
}

main();
