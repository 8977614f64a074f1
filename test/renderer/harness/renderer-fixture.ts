// One Chromium + one page server + one Accolades stand-in per test file; each window opens in a
// fresh context with its own REAL services (CoreConnectorServices connected to the stand-in)
// behind the REAL IPC handlers (createIpcHandlers + runValidated), forwarded to the page by the
// connector bridge. Main → renderer events are forwarded like the app does.
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessageBoxOptions } from 'electron';
import type { Browser, Page } from 'playwright';
import { DialRequestBroker } from '../../../electron/app/dial-requests.js';
import { forwardEvents } from '../../../electron/main/ipc/event-forwarder.js';
import {
  createIpcHandlers,
  currentLanguage,
  writeCsvFile,
  type IpcUiPorts,
} from '../../../electron/main/ipc/handlers.js';
import { runValidated, type InvokeHandler } from '../../../electron/main/ipc/invoke-guard.js';
import { createTranslator } from '../../../electron/shared/i18n/index.js';
import type { InvokeName, SecureStorageView } from '../../../electron/shared/ipc-contract.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';
import { launchChromium } from './chromium.js';
import { attachConnectorBridge, type ConnectorBridge } from './connector-bridge.js';
import { buildRendererInto, startPageServer, type PageServer } from './page-server.js';
import {
  startStandIn,
  type ConnectorSetup,
  type ConnectorUnderTest,
  type StandIn,
} from './stand-in-connector.js';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const SCREENSHOT_DIR = join(projectRoot, 'test-output', 'screenshots');

export interface OpenedWindow {
  page: Page;
  bridge: ConnectorBridge;
  /** The real services behind the page. */
  services: ConnectorUnderTest['services'];
  /** The same services with what reached the outside world (stand-in REST, opener, launcher). */
  connector: ConnectorUnderTest;
  dialRequests: DialRequestBroker;
  exportDir: string;
  /** What the native save/open dialogs of settings export/import answer (undefined = cancel). */
  dialogs: SettingsDialogs;
  screenshot(name: string): Promise<string>;
}

/**
 * Main's native dialogs: settings export/import (by default save answers `exportDir/<default
 * name>`, open cancels) and message boxes (by default answered with their Cancel button, as
 * an Enter on the default button would).
 */
export interface SettingsDialogs {
  save: (defaultName: string) => string | undefined;
  open: () => string | undefined;
  /** Every dialog shown, in order ('save' / 'open'). */
  shown: Array<'save' | 'open'>;
  /** The button index a message box answers with. */
  answer: (box: MessageBoxOptions) => number;
  /** Every message box shown, in order. */
  boxes: MessageBoxOptions[];
}

export interface WindowOptions {
  /** Real services made beforehand (`fixture.connector()`), or the setup to make them with. */
  connector?: ConnectorUnderTest | ConnectorSetup;
  osLocale?: string;
  secureStorage?: SecureStorageView;
  query?: Record<string, string>;
  /** The settings section to open on, as a deep link (`#rules`); default the first section. */
  section?: string;
  viewport?: { width: number; height: number };
  /** Runs after the bridge is attached, before the page loads (e.g. to queue a dial request). */
  beforeLoad?: (window: Omit<OpenedWindow, 'screenshot'>) => void | Promise<void>;
}

/** The window sizes electron/main/windows.ts opens (PAGE_WINDOWS); screenshots use the same. */
export const WINDOW_SIZES = {
  settings: { width: 920, height: 720 },
  dialer: { width: 440, height: 560 },
  history: { width: 960, height: 640 },
  'confirm-dial': { width: 420, height: 340 },
  'pick-contact': { width: 440, height: 420 },
} as const;

export interface RendererFixture {
  /** The file's Accolades stand-in (ring calls, log agents in or out, read what REST got). */
  standIn: StandIn;
  /** Real services against the stand-in, started; stopped by `closeWindows()` / `close()`. */
  connector(setup?: ConnectorSetup): Promise<ConnectorUnderTest>;
  open(
    page: 'settings' | 'dialer' | 'history' | 'confirm-dial' | 'pick-contact',
    options?: WindowOptions,
  ): Promise<OpenedWindow>;
  /** Closes the windows and stops the services opened so far (call it after each test). */
  closeWindows(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a section of the settings window the way an agent does (its sidebar link) and waits
 * until it is the one shown: the window shows one section at a time.
 */
export async function showSection(page: Page, name: string): Promise<void> {
  await page.click(`#settings-nav-list a[data-section="${name}"]`);
  await page.waitForSelector(`#section-${name}`, { state: 'visible' });
}

function isConnector(value: ConnectorUnderTest | ConnectorSetup): value is ConnectorUnderTest {
  return 'services' in value;
}

export async function startRendererFixture(): Promise<RendererFixture> {
  const build = await buildRendererInto();
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  let standIn: StandIn | undefined;
  let cleanups: (() => Promise<void> | void)[] = [];
  try {
    server = await startPageServer(build.root);
    standIn = await startStandIn();
    browser = await launchChromium();
  } catch (error) {
    await standIn?.close();
    await server?.close();
    build.dispose();
    throw error;
  }
  const openBrowser = browser;
  const openServer = server;
  const openStandIn = standIn;
  const closeWindows = async () => {
    const pending = cleanups.reverse();
    cleanups = [];
    for (const cleanup of pending) await cleanup();
  };
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const makeConnector = async (setup?: ConnectorSetup) => {
    const made = await openStandIn.connector(setup);
    cleanups.push(() => made.stop());
    return made;
  };

  return {
    standIn: openStandIn,
    connector: makeConnector,
    async open(pageName, options = {}) {
      const given = options.connector ?? {};
      const connector = isConnector(given) ? given : await makeConnector(given);
      const services = connector.services;
      const log = new MemoryLogger();
      const osLocale = options.osLocale ?? 'en-US';
      const translate = () =>
        createTranslator(currentLanguage(services, { osLocale: () => osLocale }).language);
      const exportDir = await mkdtemp(join(tmpdir(), 'history-export-'));
      cleanups.push(() => rm(exportDir, { recursive: true, force: true }));
      let now = 0;
      const dialRequests = new DialRequestBroker({
        services,
        clock: { monotonicMs: () => (now += 1) },
        goneMessage: () => translate()('error.dialRequestGone'),
      });
      const secureStorage = options.secureStorage ?? { available: true };
      const dialogs: SettingsDialogs = {
        save: (defaultName) => join(exportDir, defaultName),
        open: () => undefined,
        shown: [],
        answer: (box) => box.cancelId ?? 0,
        boxes: [],
      };
      const ui: IpcUiPorts = {
        translate,
        osLocale: () => osLocale,
        secureStorage: () => secureStorage,
        dialRequests,
        chooseCsvPath: async (defaultName) => join(exportDir, defaultName),
        writeCsvFile,
        showMessageBox: async (box) => {
          dialogs.boxes.push(box);
          return { response: dialogs.answer(box) };
        },
        chooseSettingsSavePath: async (defaultName) => {
          dialogs.shown.push('save');
          return dialogs.save(defaultName);
        },
        chooseSettingsOpenPath: async () => {
          dialogs.shown.push('open');
          return dialogs.open();
        },
      };
      const handlers = createIpcHandlers(services, ui);

      const context = await openBrowser.newContext({
        viewport: options.viewport ?? WINDOW_SIZES[pageName],
      });
      cleanups.push(() => context.close());
      const page = await context.newPage();
      const bridge = await attachConnectorBridge(
        page,
        pageName,
        (name: InvokeName, payload: unknown) =>
          runValidated(name, handlers[name] as InvokeHandler<typeof name>, payload, {
            log,
            translate,
          }),
      );

      // main → renderer events through the app's own forwarder; the bridge plays `webContents.send`.
      const stopForwarding = forwardEvents(services, ui, dialRequests, (name, payload) => {
        void bridge.emit(name, payload).catch(() => {});
      });
      cleanups.push(stopForwarding);

      const partial = { page, bridge, services, connector, dialRequests, exportDir, dialogs };
      await options.beforeLoad?.(partial);
      const url = openServer.url(pageName, options.query);
      await page.goto(options.section === undefined ? url : `${url}#${options.section}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
      return {
        ...partial,
        async screenshot(name) {
          const file = join(SCREENSHOT_DIR, `${name}.png`);
          // Full-page shots paint sticky bars mid-page; pin them in place for the picture only.
          await page.evaluate(() => {
            for (const element of document.querySelectorAll<HTMLElement>('*')) {
              if (getComputedStyle(element).position === 'sticky')
                element.style.position = 'static';
            }
          });
          await page.screenshot({ path: file, fullPage: true });
          // A string key on screen means a missing translation: fail the test that took the shot.
          const text = await page.evaluate(() => document.body.innerText);
          const rawKeys = text.match(
            /\b(?:settings|dialer|history|confirmDial|dial|direction)\.[A-Za-z][\w.-]*/g,
          );
          if (rawKeys)
            throw new Error(`untranslated keys on the ${name} screen: ${rawKeys.join(', ')}`);
          return file;
        },
      };
    },
    closeWindows,
    async close() {
      await closeWindows();
      await openStandIn.close();
      await openBrowser.close();
      await openServer.close();
      build.dispose();
    },
  };
}
