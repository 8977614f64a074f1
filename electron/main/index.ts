// The composition root: the only module with side effects at start-up. It creates every
// dependency once and passes it down; nothing in electron/main is a singleton, nothing is
// imported for its side effects. Read top to bottom: the order of setupX() is the start order.
// Over 300 lines on purpose: the whole start order in one file, each step a named setupX()
// that takes what it needs and returns how to undo it.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, clipboard, dialog, Menu, protocol, session, type WebContents } from 'electron';
import {
  APP_ID,
  PROTOCOL_SCHEMES,
  HIDDEN_START_SWITCH,
} from '../core/platform/product-identity.js';
import { NamedBrowserUrlOpener } from '../core/actions/named-browser.js';
import { appPolicyFile } from '../core/config/policy-path.js';
import { systemClock } from '../core/system-clock.js';
import type { Logger } from '../core/ports.js';
import { createTranslator, resolveLanguage, type Translate } from '../shared/i18n/index.js';
import type { LanguageCode, LanguageSetting } from '../shared/ipc-contract.js';
import { isLocked } from '../core/config/key-paths.js';
import { createAppActions, showPlainNotification } from './app-actions.js';
import { createFileLogger } from './app-log.js';
import { setupAutoUpdate } from './auto-update.js';
import { createConnectorServices } from '../app/connector-adapter.js';
import { DialRequestBroker } from '../app/dial-requests.js';
import { DialShortcut } from './dial-shortcut.js';
import { quitAfterCleanup, quitOnSignals } from './graceful-quit.js';
import { forwardEvents } from './ipc/event-forwarder.js';
import { createIpcHandlers } from './ipc/handlers.js';
import { createNativeUiPorts } from './ipc/native-ui-ports.js';
import { registerAllHandlers } from './ipc/register-handlers.js';
import { applyStartAtLogin } from './login-item.js';
import { setupCallNotifications } from './notifications/call-notifications.js';
import { setupPairingConfirmation } from './pairing-confirmation.js';
import { setupContactPicker } from './contact-picker.js';
import { PhoneLinkHandler } from '../app/phone-link-handler.js';
import { setupPowerEvents } from './power.js';
import { systemProxyResolver } from './system-proxy.js';
import { findPhoneLinkInArgv } from '../app/protocol-links.js';
import { APP_SCHEME, pageOfUrl, serveAppAsset } from './security/app-protocol.js';
import { hardenSession, hardenWebContents } from './security/harden.js';
import { safeUrlOpener } from './security/open-external.js';
import { SafeStorageSecretStore } from './store/safe-storage-secrets.js';
import { createSecretBlobFile } from './store/secret-blob-file.js';
import { createSettingsStore } from './store/settings-store.js';
import { setupTray } from './tray/setup-tray.js';
import { WindowManager } from './windows.js';
import { guardUnsavedChanges } from './unsaved-changes-guard.js';
import type { ConnectorFactory, ConnectorLifecycle } from '../app/services.js';
import { errorMessage } from '../core/error-message.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Before `ready`: the Windows identity, sandbox every renderer, claim the single instance, declare app://. */
function setupBeforeReady(): boolean {
  // Windows ties toasts, their on/off switch and grouping, and the taskbar button to this id; it
  // must be the installer shortcut's (electron-builder appId = APP_ID) and set before any window
  // or notification exists. Electron documents the call for Windows only.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) return false;
  quitOnSignals(app);
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

/** The UI language follows the settings; every user of it asks `t()` for the current one. */
class LanguageHolder {
  private translate: Translate;
  constructor(private readonly setting: () => LanguageSetting | undefined) {
    this.translate = createTranslator(this.language());
  }
  language(): LanguageCode {
    return resolveLanguage(this.setting() ?? 'auto', app.getLocale());
  }
  refresh(): void {
    this.translate = createTranslator(this.language());
  }
  readonly t = (): Translate => this.translate;
}

/** A tray app: no Dock icon, no application menu. */
function setupQuietShell(): void {
  app.dock?.hide();
  Menu.setApplicationMenu(null);
}

/** Settings, secrets and the connector services, from the policy the installed app may read. */
async function setupServices(
  createServices: ConnectorFactory,
  log: Logger,
): Promise<{
  services: ConnectorLifecycle;
  secrets: SafeStorageSecretStore;
  language: LanguageHolder;
}> {
  // The installed app obeys only the administrator's machine-wide file (see policy-path.ts).
  const policy = appPolicyFile({
    platform: process.platform,
    env: process.env,
    packaged: app.isPackaged,
  });
  log.info(`policy: ${policy.path} (${policy.reason})`);
  const dataDirectory = app.getPath('userData');
  // Until the services have read the settings, messages use the OS language.
  const built: { services?: ConnectorLifecycle } = {};
  const language = new LanguageHolder(() => built.services?.getConfig().ui.language);
  const secrets = await SafeStorageSecretStore.create({
    blobs: createSecretBlobFile(dataDirectory),
    messages: {
      basicText: () => language.t()('secrets.basicText'),
      unavailable: () => language.t()('secrets.unavailable'),
    },
  });
  const services = createServices({
    userSettings: createSettingsStore({ directory: dataDirectory, log: log.child('settings') }),
    policyFile: policy.path,
    secrets,
    logger: log.child('core'),
    dataDirectory,
    resolveProxy: systemProxyResolver(log.child('proxy')),
    urlOpener: appUrlOpener(() => built.services?.getConfig().screenPop.allowHttp ?? false),
  });
  built.services = services;
  language.refresh();
  return { services, secrets, language };
}

/**
 * Pops open through Electron's shell.openExternal (ShellExecute on Windows, LaunchServices on
 * macOS: no PowerShell, no shell per link) after the URL policy; a browser named in the settings
 * is started directly by the core's opener with the URL as one argument.
 */
function appUrlOpener(allowHttp: () => boolean) {
  return safeUrlOpener(
    () => ({ allowHttp: allowHttp() }),
    new NamedBrowserUrlOpener({ allowHttp, platform: process.platform, env: process.env }),
  );
}

interface Core {
  services: ConnectorLifecycle;
  secrets: SafeStorageSecretStore;
  language: LanguageHolder;
  log: Logger;
  logDirectory: string;
}

/** Windows, dial requests (tel: links, clipboard, shortcut) and the tray's actions. */
function setupWindowsAndLinks({ services, language, log, logDirectory }: Core) {
  const t = language.t;
  const windows = new WindowManager({
    preloadPath: join(here, '..', 'preload', 'connector.cjs'),
    title: () => t()('app.name'),
    // Closing the settings window with unsaved edits asks first (the page holds the unload).
    onCreate: (page, window) => {
      if (page === 'settings') guardUnsavedChanges(window, t);
    },
  });
  const broker = new DialRequestBroker({
    services,
    clock: systemClock,
    goneMessage: () => t()('error.dialRequestGone'),
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
  return { windows, broker, phoneLinks, actions };
}
type Shell = ReturnType<typeof setupWindowsAndLinks>;

/** Every IPC method behind the one guard, and the events every window receives. */
function setupIpc(core: Core, shell: Shell): () => void {
  const ui = createNativeUiPorts({
    translate: core.language.t,
    secrets: core.secrets,
    dialRequests: shell.broker,
  });
  const guard = { pageOf: pageOfUrl, log: core.log.child('ipc'), translate: core.language.t };
  const removeHandlers = registerAllHandlers(createIpcHandlers(core.services, ui), guard);
  const stopForwarding = forwardEvents(core.services, ui, shell.broker, (name, payload) =>
    shell.windows.broadcast(name, payload),
  );
  return () => {
    stopForwarding();
    removeHandlers();
  };
}

/** Tray, call notifications, pairing questions and power events. */
function setupDesktop({ services, secrets, language, log }: Core, shell: Shell): () => void {
  const t = language.t;
  const canDial = () => {
    const rest = services.getConfig().rest;
    return rest.account !== '' && rest.deviceId !== '' && secrets.has('restPassword');
  };
  const tray = setupTray({
    services,
    translate: t,
    locale: () => language.language(),
    iconPath: (file) => join(app.getAppPath(), 'electron', 'assets', file),
    canDial,
    onAction: shell.actions.runTrayAction,
    log: log.child('tray'),
  });
  const stopNotifications = setupCallNotifications({
    services,
    translate: t,
    log: log.child('notifications'),
  });
  const stopPicker = setupContactPicker({
    services,
    openPicker: (callId) => void shell.windows.open('pick-contact', { callId }),
    log: log.child('contact-picker'),
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
  return () => {
    stopPower();
    stopNotifications();
    stopPicker();
    stopPairing();
    tray.dispose();
  };
}

/** What follows the settings: the language, the dial shortcut, start at login. */
function setupSettingsFollowers({ services, language, log }: Core, shell: Shell): () => void {
  const shortcut = new DialShortcut(() => {
    clipboard
      .readText()
      .then((text) => shell.phoneLinks.handleClipboard(text, 'shortcut'))
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
    language.refresh();
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
  return () => {
    stopConfig();
    shortcut.clear();
  };
}

/** Links that arrived before start-up are handled now; later ones as they come. */
function deliverLinks(links: ReturnType<typeof setupEarlyLinkQueue>, shell: Shell, log: Logger) {
  const handleLink = (link: string) => {
    shell.phoneLinks
      .handleLink(link)
      .catch((error: unknown) => log.error('link failed', { error: String(error) }));
  };
  links.take().forEach(handleLink);
  links.deliverTo(handleLink);
}

async function start(createServices: ConnectorFactory): Promise<void> {
  const links = setupEarlyLinkQueue();
  await app.whenReady();
  setupQuietShell();
  const logDirectory = app.getPath('logs');
  const { log, close: closeLog } = createFileLogger(logDirectory);
  setupHardening(log.child('security'));
  setupAppProtocol();

  const core: Core = { ...(await setupServices(createServices, log)), log, logDirectory };
  const shell = setupWindowsAndLinks(core);
  const stopIpc = setupIpc(core, shell);
  const stopDesktop = setupDesktop(core, shell);
  const stopFollowers = setupSettingsFollowers(core, shell);
  setupProtocolClient(log.child('links'));

  // Filled once the services run; quitting earlier has nothing to stop.
  const autoUpdate: { current?: { stop(): void } } = {};
  quitAfterCleanup(
    app,
    async () => {
      autoUpdate.current?.stop();
      stopFollowers();
      stopDesktop();
      stopIpc();
      shell.windows.closeAll();
      try {
        await core.services.stop();
        log.info('stopped; quitting');
      } finally {
        await closeLog();
      }
    },
    { log: log.child('quit') },
  );

  await core.services.start();
  autoUpdate.current = await setupUpdates(core.services, log.child('updates'), core.language.t);
  deliverLinks(links, shell, log);

  // First run: no CRM ID yet, so open the settings (the wizard) unless started at login.
  const firstRun = core.services.getConfig().accolades.crmId === '';
  if (firstRun && !process.argv.includes(HIDDEN_START_SWITCH)) shell.windows.open('settings');
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
