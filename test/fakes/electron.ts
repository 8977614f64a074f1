// The one hand-written fake of the `electron` module for main-process and preload tests. Load
// it in a test file with:
//   vi.mock('electron', () => import('./electron.js'));
//   import { electronFake } from './electron.js';
//   beforeEach(() => electronFake.reset());
// Each export keeps a stable identity (production code imports it once) and records what was
// done to it; `electronFake.reset()` clears every record between tests. Only what our code
// uses is faked; anything else is missing on purpose, so a new dependency shows up as a failure.
import { EventEmitter } from 'node:events';

/** What changed on a fake the user would see (the process bootstrap prints these). */
export type FakeChange =
  | { kind: 'tray'; what: 'created' | 'image' | 'tooltip' | 'menu' | 'destroyed'; tray: Tray }
  | { kind: 'notification'; what: 'shown' | 'closed'; notification: Notification };
let observer: ((change: FakeChange) => void) | undefined;
const report = (change: FakeChange): void => observer?.(change);

/**
 * The calls whose ORDER matters to the OS, in the order they happened (e.g.
 * "app.setAppUserModelId ro.accolades.connector" before any "BrowserWindow" or
 * "Notification.show"). Cleared by reset().
 */
const order: string[] = [];

/** An Electron-like Event: `preventDefault()` is recorded. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Emits `name` with a fresh FakeEvent and returns it (to check preventDefault). */
  fire(name: string, ...args: unknown[]): FakeEvent {
    const event = new FakeEvent();
    this.emit(name, event, ...args);
    return event;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  visible = false;
  /** How often the window was brought up WITH focus (show(), focus()); showInactive() is not. */
  activations = 0;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
    order.push('BrowserWindow');
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  /** As Electron: shows the window and gives it the focus. */
  show(): void {
    this.visible = true;
    this.activations += 1;
    order.push('BrowserWindow.show');
  }
  /** As Electron: shows the window without taking the focus from the app the user is in. */
  showInactive(): void {
    this.visible = true;
    order.push('BrowserWindow.showInactive');
  }
  focus(): void {
    this.activations += 1;
  }
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class FakeNativeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage(value: boolean): void {
    this.template = value;
  }
}

export const nativeImage = {
  createFromPath: (path: string) => new FakeNativeImage(path),
};

export interface FakeMenuItem {
  id?: string;
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  getMenuItemById(id: string): FakeMenuItem | undefined {
    const walk = (items: FakeMenuItem[]): FakeMenuItem | undefined => {
      for (const item of items) {
        if (item.id === id) return item;
        const inner = item.submenu ? walk(item.submenu) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    return walk(this.items);
  }
}

export const Menu = {
  applicationMenu: undefined as FakeMenu | null | undefined,
  buildFromTemplate: (template: FakeMenuItem[]) => new FakeMenu(template),
  setApplicationMenu(menu: FakeMenu | null): void {
    Menu.applicationMenu = menu;
  },
};

export class Tray {
  static readonly instances: Tray[] = [];
  readonly images: FakeNativeImage[] = [];
  tooltip = '';
  menu: FakeMenu | undefined;
  menuSets = 0;
  destroyed = false;
  constructor(image: FakeNativeImage) {
    this.images.push(image);
    Tray.instances.push(this);
    report({ kind: 'tray', what: 'created', tray: this });
  }
  setImage(image: FakeNativeImage): void {
    this.images.push(image);
    report({ kind: 'tray', what: 'image', tray: this });
  }
  setToolTip(text: string): void {
    this.tooltip = text;
    report({ kind: 'tray', what: 'tooltip', tray: this });
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
    this.menuSets += 1;
    report({ kind: 'tray', what: 'menu', tray: this });
  }
  destroy(): void {
    this.destroyed = true;
    report({ kind: 'tray', what: 'destroyed', tray: this });
  }
}

export class Notification extends EventEmitter {
  static readonly instances: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  closed = false;
  constructor(readonly options: { title: string; body: string; silent?: boolean; icon?: string }) {
    super();
    Notification.instances.push(this);
  }
  show(): void {
    this.shown = true;
    order.push('Notification.show');
    report({ kind: 'notification', what: 'shown', notification: this });
  }
  /** As Electron: dismisses it and emits `close`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
    report({ kind: 'notification', what: 'closed', notification: this });
  }
}

/** ipcMain: `handle` as Electron does it (a second handler for a channel throws). */
class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, payload?: unknown) => unknown>();
  handle(channel: string, handler: (event: unknown, payload?: unknown) => unknown): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: what the renderer's `invoke` would get, from a frame at `senderUrl`. */
  async invokeFrom(senderUrl: string | null, channel: string, payload?: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const senderFrame = senderUrl === null ? null : { url: senderUrl, parent: null };
    return handler({ senderFrame }, payload);
  }
}
export const ipcMain = new FakeIpcMain();

/** ipcRenderer for preload tests: records invokes, delivers events with a fake event first. */
class FakeIpcRenderer extends EventEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  invokeResult: unknown = { ok: true };
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(this.invokeResult);
  }
  /** Test helper: main sends an event to the page. */
  deliver(channel: string, payload: unknown): void {
    this.emit(channel, { sender: 'the-ipc-event-the-page-must-not-see' }, payload);
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

class FakeApp extends EventEmitter {
  sandboxed = false;
  singleInstance = true;
  locale = 'en-US';
  version = '0.1.0';
  loginItemSettings: unknown[] = [];
  protocolClients: Array<{ scheme: string; args: unknown[] }> = [];
  quitCalls = 0;
  /** Electron's app.isPackaged: false for `electron .` (development), true when installed. */
  isPackaged = false;
  /** The status app.exit() was called with, or that a completed quit ended with (0). */
  exitCode: number | undefined;
  /**
   * Called when the app would end: after a quit that no listener prevented, or app.exit().
   * In-process tests leave it alone; the process bootstrap (electron-process/) exits there.
   */
  onExit: ((code: number) => void) | undefined;
  /** Where getPath() points (a temp dir in tests that let the app write files). */
  pathRoot = '/fake';
  /** What getAppPath() answers (the folder holding electron/assets in the process test). */
  appPath = '/fake/app';
  enableSandbox(): void {
    this.sandboxed = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  /** Electron documents it for Windows only; the fake records it wherever it is called. */
  setAppUserModelId(id: string): void {
    order.push(`app.setAppUserModelId ${id}`);
  }
  getLocale(): string {
    return this.locale;
  }
  getVersion(): string {
    return this.version;
  }
  getPath(name: string): string {
    return `${this.pathRoot}/${name}`;
  }
  getAppPath(): string {
    return this.appPath;
  }
  setLoginItemSettings(settings: unknown): void {
    this.loginItemSettings.push(settings);
  }
  setAsDefaultProtocolClient(scheme: string, ...args: unknown[]): boolean {
    this.protocolClients.push({ scheme, args });
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  /**
   * As Electron's app.quit(): 'before-quit', then 'will-quit' (either can be prevented, which
   * cancels the quit), then 'quit', then the app ends. Windows are not closed here; none of
   * our tests quits with one open.
   */
  quit(): void {
    this.quitCalls += 1;
    if (this.fire('before-quit').defaultPrevented) return;
    if (this.fire('will-quit').defaultPrevented) return;
    this.emit('quit', new FakeEvent(), 0);
    this.exitCode = 0;
    this.onExit?.(0);
  }
  /** As Electron's app.exit(): ends at once, no quit events. */
  exit(code = 0): void {
    this.exitCode = code;
    this.onExit?.(code);
  }
  private fire(name: string): FakeEvent {
    const event = new FakeEvent();
    this.emit(name, event);
    return event;
  }
}
export const app = new FakeApp();

export const protocol = {
  handlers: new Map<string, (request: { url: string }) => unknown>(),
  privileged: [] as unknown[],
  handle(scheme: string, handler: (request: { url: string }) => unknown): void {
    protocol.handlers.set(scheme, handler);
  },
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    protocol.privileged.push(...schemes);
  },
};

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | undefined;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | undefined;
  beforeRequest:
    | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void)
    | undefined;
  readonly webRequest = {
    onBeforeRequest: (listener: FakeSession['beforeRequest']) => {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean): void {
    this.devicePermissionHandler = handler;
  }
  /** What the OS proxy settings say for every URL (a PAC result); DIRECT = no proxy. */
  proxyAnswer = 'DIRECT';
  async resolveProxy(_url: string): Promise<string> {
    return this.proxyAnswer;
  }
}
export const session = { defaultSession: new FakeSession() };

export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    order.push('shell.openExternal');
  },
  async openPath(path: string): Promise<string> {
    shell.openedPaths.push(path);
    return '';
  },
};

export const dialog = {
  messageBoxes: [] as unknown[],
  messageBoxResponse: 0,
  /** When true, message boxes stay open until answerMessageBox() (tests of "one at a time"). */
  holdMessageBoxes: false,
  heldMessageBoxes: [] as Array<(response: number) => void>,
  saveDialogPath: undefined as string | undefined,
  /** The file showOpenDialog answers with; undefined = the user cancels. */
  openDialogPath: undefined as string | undefined,
  async showMessageBox(options: unknown): Promise<{ response: number; checkboxChecked: boolean }> {
    dialog.messageBoxes.push(options);
    if (dialog.holdMessageBoxes) {
      const response = await new Promise<number>((resolve) =>
        dialog.heldMessageBoxes.push(resolve),
      );
      return { response, checkboxChecked: false };
    }
    return { response: dialog.messageBoxResponse, checkboxChecked: false };
  },
  /** As Electron: a modal box that blocks main until answered; answers messageBoxResponse. */
  showMessageBoxSync(...args: unknown[]): number {
    dialog.messageBoxes.push(args.at(-1));
    return dialog.messageBoxResponse;
  },
  /** Answers the oldest held message box with the button index `response`. */
  answerMessageBox(response: number): void {
    const answer = dialog.heldMessageBoxes.shift();
    if (!answer) throw new Error('no message box is open');
    answer(response);
  },
  async showSaveDialog(): Promise<{ canceled: boolean; filePath: string }> {
    const path = dialog.saveDialogPath;
    return path === undefined
      ? { canceled: true, filePath: '' }
      : { canceled: false, filePath: path };
  },
  async showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    const path = dialog.openDialogPath;
    return path === undefined
      ? { canceled: true, filePaths: [] }
      : { canceled: false, filePaths: [path] };
  },
  showErrorBox(): void {},
};

export const clipboard = {
  text: '',
  async readText(): Promise<string> {
    return clipboard.text;
  },
};

export const globalShortcut = {
  registered: new Map<string, () => void>(),
  /** Accelerators another application owns. */
  taken: new Set<string>(),
  register(accelerator: string, callback: () => void): boolean {
    if (!/^[A-Za-z0-9+]+$/.test(accelerator))
      throw new Error(`Invalid accelerator '${accelerator}'`);
    if (globalShortcut.taken.has(accelerator)) return false;
    globalShortcut.registered.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string): void {
    globalShortcut.registered.delete(accelerator);
  },
};

export const powerMonitor = new EventEmitter();

export const net = {
  online: true,
  isOnline(): boolean {
    return net.online;
  },
};

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return safeStorage.available;
  },
  getSelectedStorageBackend(): string {
    return safeStorage.backend;
  },
  // Not real encryption, but never the plain text either: the tests check the file lacks it.
  async encryptStringAsync(text: string): Promise<Buffer> {
    return Buffer.from(`enc:${Buffer.from(text, 'utf8').toString('hex')}`, 'utf8');
  },
  async decryptStringAsync(data: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const text = data.toString('utf8');
    if (!text.startsWith('enc:')) throw new Error('not encrypted by this fake');
    return { result: Buffer.from(text.slice(4), 'hex').toString('utf8'), shouldReEncrypt: false };
  },
};

/** Resets every record and knob to its initial value. */
function reset(): void {
  order.length = 0;
  BrowserWindow.instances.length = 0;
  Tray.instances.length = 0;
  Notification.instances.length = 0;
  Notification.supported = true;
  Menu.applicationMenu = undefined;
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  ipcRenderer.invoked.length = 0;
  ipcRenderer.invokeResult = { ok: true };
  ipcRenderer.removeAllListeners();
  contextBridge.exposed.clear();
  app.removeAllListeners();
  Object.assign(app, {
    sandboxed: false,
    singleInstance: true,
    locale: 'en-US',
    loginItemSettings: [],
    protocolClients: [],
    quitCalls: 0,
    isPackaged: false,
    exitCode: undefined,
    onExit: undefined,
    pathRoot: '/fake',
    appPath: '/fake/app',
  });
  protocol.handlers.clear();
  protocol.privileged.length = 0;
  session.defaultSession = new FakeSession();
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  dialog.messageBoxes.length = 0;
  dialog.messageBoxResponse = 0;
  dialog.holdMessageBoxes = false;
  dialog.heldMessageBoxes.length = 0;
  dialog.saveDialogPath = undefined;
  dialog.openDialogPath = undefined;
  clipboard.text = '';
  globalShortcut.registered.clear();
  globalShortcut.taken.clear();
  powerMonitor.removeAllListeners();
  net.online = true;
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
}

/** Sees every visible change (one observer; undefined removes it). Survives reset(). */
function observe(listener: ((change: FakeChange) => void) | undefined): void {
  observer = listener;
}

export const electronFake = { reset, observe, order };

/** `import electron from 'electron'` (default import) gets the same objects. */
export default {
  app,
  BrowserWindow,
  clipboard,
  contextBridge,
  dialog,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
};
