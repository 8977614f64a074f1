// What the browser companion's end-to-end tests share: the built unpacked extension (rebuilt when
// its sources are newer), Debian's Chromium loading it headless through Playwright, the
// extension's settings written into storage.local through its own service worker (a managed
// policy cannot be set headless), its view of the tabs, and a loopback "CRM" web server.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright';
import { repoRoot } from '../process/built-cli.js';

/** The bits of the extension API the tests call inside the service worker (types only). */
export interface ChromeApi {
  storage: { local: { set(values: Record<string, unknown>): Promise<void> } };
  tabs: {
    query(
      query: object,
    ): Promise<Array<{ id?: number; windowId: number; url?: string; pendingUrl?: string }>>;
  };
  windows: { create(data: { url: string }): Promise<{ id?: number }> };
}
/** `chrome` inside a worker.evaluate callback (the callback is serialised: inline this cast). */
export type InWorker = { chrome: ChromeApi };

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
export const extensionDir = path.join(repoRoot, 'dist', 'browser-extension', 'chromium');

async function newest(dir: string): Promise<number> {
  let found = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    found = Math.max(found, entry.isDirectory() ? await newest(full) : (await stat(full)).mtimeMs);
  }
  return found;
}

/** Builds dist/browser-extension when it is missing or older than its sources (under a lock). */
export async function ensureExtensionBuilt(): Promise<void> {
  const fresh = async (): Promise<boolean> => {
    if (!existsSync(path.join(extensionDir, 'manifest.json'))) return false;
    const sources = Math.max(
      await newest(path.join(repoRoot, 'browser-extension')),
      (await stat(path.join(repoRoot, 'electron', 'shared', 'extension-protocol.ts'))).mtimeMs,
    );
    return (await newest(extensionDir)) >= sources;
  };
  if (await fresh()) return;
  const lock = path.join(tmpdir(), `accolades-extension-build-${path.basename(repoRoot)}.lock`);
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 120_000) await rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (await fresh()) return;
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const steps = [
      [tsc, '-p', 'browser-extension/tsconfig.extension.json'],
      [path.join(repoRoot, 'build', 'scripts', 'build-browser-extension.mjs')],
    ];
    for (const args of steps) {
      const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
      if (result.status !== 0)
        throw new Error(`extension build failed: ${result.stdout}${result.stderr}`);
    }
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** chrome-extension://<id>, the Origin its WebSocket sends. */
  origin: string;
  /** The extension's service worker right now (the browser may have restarted it). */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

/** Chromium with only our unpacked extension, headless, in a fresh profile. */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'companion-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const worker = async (): Promise<Worker> => {
    const found = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return found ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  };
  const first = await worker();
  const extensionId = new URL(first.url()).host;
  return {
    context,
    extensionId,
    origin: `chrome-extension://${extensionId}`,
    worker,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Writes the extension's settings the way pairing would (storage.local). */
export async function setExtensionSettings(
  browser: ExtensionBrowser,
  values: Record<string, unknown>,
): Promise<void> {
  const worker = await browser.worker();
  await worker.evaluate(
    (v) => (globalThis as unknown as InWorker).chrome.storage.local.set(v),
    values,
  );
}

export interface TabView {
  id: number;
  windowId: number;
  url: string;
}

/** Every tab as the extension sees it (ids are the ones in the acks and the records). */
export async function tabsSeenByExtension(browser: ExtensionBrowser): Promise<TabView[]> {
  const worker = await browser.worker();
  return worker.evaluate(async () =>
    (await (globalThis as unknown as InWorker).chrome.tabs.query({})).map((tab) => ({
      id: tab.id ?? -1,
      windowId: tab.windowId,
      // The page the tab shows (committed), not where it may be going.
      url: tab.url ?? '',
    })),
  );
}

/** A loopback web server answering every path with a small page (a CRM, another site). */
export async function startPageServer(title: string): Promise<{
  origin: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>${title}</title><p>${title}</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
