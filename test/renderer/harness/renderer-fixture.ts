// One Chromium + one page server per test file; each window opens in a fresh context with its
// own services behind the REAL IPC handlers (createIpcHandlers + runValidated), forwarded to the
// page by the connector bridge. Main → renderer events are forwarded like the app does.
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import { DialRequestBroker } from '../../../electron/main/dial-requests.js';
import {
  createIpcHandlers,
  toSettingsView,
  writeCsvFile,
} from '../../../electron/main/ipc/handlers.js';
import { runValidated, type InvokeHandler } from '../../../electron/main/ipc/invoke-guard.js';
import { buildStatusView } from '../../../electron/main/status-view.js';
import { createTranslator } from '../../../electron/shared/i18n/index.js';
import type {
  InvokeName,
  LanguageCode,
  SecureStorageView,
} from '../../../electron/shared/ipc-contract.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';
import { launchChromium } from './chromium.js';
import { attachConnectorBridge, type ConnectorBridge } from './connector-bridge.js';
import { buildRendererInto, startPageServer, type PageServer } from './page-server.js';
import { TemporaryServices } from './temporary-services.js';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const SCREENSHOT_DIR = join(projectRoot, 'test-output', 'screenshots');

export interface OpenedWindow {
  page: Page;
  bridge: ConnectorBridge;
  services: TemporaryServices;
  dialRequests: DialRequestBroker;
  exportDir: string;
  screenshot(name: string): Promise<string>;
}

export interface WindowOptions {
  services?: TemporaryServices;
  osLocale?: string;
  secureStorage?: SecureStorageView;
  query?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** Runs after the bridge is attached, before the page loads (e.g. to queue a dial request). */
  beforeLoad?: (window: Omit<OpenedWindow, 'screenshot'>) => void | Promise<void>;
}

export interface RendererFixture {
  open(
    page: 'settings' | 'dialer' | 'history' | 'confirm-dial',
    options?: WindowOptions,
  ): Promise<OpenedWindow>;
  close(): Promise<void>;
}

export async function startRendererFixture(): Promise<RendererFixture> {
  const build = await buildRendererInto();
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    server = await startPageServer(build.root);
    browser = await launchChromium();
  } catch (error) {
    await server?.close();
    build.dispose();
    throw error;
  }
  const openBrowser = browser;
  const openServer = server;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    async open(pageName, options = {}) {
      const services = options.services ?? new TemporaryServices();
      const log = new MemoryLogger();
      const language = (): LanguageCode =>
        services.getConfig().ui.language === 'ro' ? 'ro' : 'en';
      const translate = () => createTranslator(language());
      const exportDir = await mkdtemp(join(tmpdir(), 'history-export-'));
      cleanups.push(() => rm(exportDir, { recursive: true, force: true }));
      let now = 0;
      const dialRequests = new DialRequestBroker({
        services,
        clock: { monotonicMs: () => (now += 1) },
        goneMessage: () => translate()('error.dialRequestGone'),
      });
      const secureStorage = options.secureStorage ?? { available: true };
      const handlers = createIpcHandlers(services, {
        translate,
        osLocale: () => options.osLocale ?? 'en-US',
        secureStorage: () => secureStorage,
        dialRequests,
        openWindow: () => {},
        chooseCsvPath: async (defaultName) => join(exportDir, defaultName),
        writeTextFile: writeCsvFile,
        appInfo: () => ({
          name: 'Accolades Connector',
          version: '0.0.0-test',
          platform: process.platform,
        }),
      });

      const context = await openBrowser.newContext({
        viewport: options.viewport ?? { width: 1100, height: 800 },
      });
      cleanups.push(() => context.close());
      const page = await context.newPage();
      const bridge = await attachConnectorBridge(page, (name: InvokeName, payload: unknown) =>
        runValidated(name, handlers[name] as InvokeHandler<typeof name>, payload, {
          log,
          translate,
        }),
      );

      // main → renderer events, as the composition root forwards them to every window.
      const forward = (promise: Promise<void>): void => void promise.catch(() => {});
      const status = () => forward(bridge.emit('status', buildStatusView(services, translate())));
      const unsubscribers = [
        services.on('state', status),
        services.on('paused', status),
        services.on('call', (entry) => forward(bridge.emit('history', entry))),
        services.on('historyUpdated', (entry) => forward(bridge.emit('history', entry))),
        services.on('config', () =>
          forward(
            services
              .getSettings()
              .then((s) => bridge.emit('settings', toSettingsView(s, secureStorage))),
          ),
        ),
        dialRequests.onCreated((request) => forward(bridge.emit('dialRequest', request))),
      ];
      cleanups.push(() => unsubscribers.forEach((unsubscribe) => unsubscribe()));

      const partial = { page, bridge, services, dialRequests, exportDir };
      await options.beforeLoad?.(partial);
      await page.goto(openServer.url(pageName, options.query));
      await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
      return {
        ...partial,
        async screenshot(name) {
          const file = join(SCREENSHOT_DIR, `${name}.png`);
          await page.screenshot({ path: file, fullPage: true });
          return file;
        },
      };
    },
    async close() {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await openBrowser.close();
      await openServer.close();
      build.dispose();
    },
  };
}
