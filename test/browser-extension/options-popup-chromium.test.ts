// The extension as `npm run build` made it (dist/browser-extension/chromium), in Debian's Chromium (headless, unpacked): the options page pairs with a
// real bridge on a loopback port using the code the connector issued, the token lands in the
// extension's storage.local (the connector keeps only its hash, for exactly this extension's
// origin), and the popup's Test reaches the connector with that token and shows its answer.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachBridge, type BridgeHandle } from '../../electron/core/bridge/attach-bridge.js';
import { configSchema } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { CHROMIUM_PATH, chromiumMissingReason } from '../renderer/harness/chromium.js';
import { projectRoot } from '../packaging/load-builder-config.js';

const extensionDir = join(projectRoot, 'dist', 'browser-extension', 'chromium');

describe.skipIf(chromiumMissingReason !== undefined)(
  'extension options and popup in Chromium',
  () => {
    let connector: Connector;
    let bridge: BridgeHandle;
    let context: BrowserContext;
    let worker: Worker;
    let profile: string;

    beforeAll(async () => {
      connector = new Connector({
        config: configSchema.parse({
          bridge: { enabled: true },
          rules: [{ name: 'CRM', open: 'https://crm.example.com/search?q={e164}' }],
        }),
        logger: new MemoryLogger(),
        secrets: new MemorySecretStore(),
        history: new MemoryHistoryStore(),
      });
      bridge = await attachBridge(connector, {
        secrets: new MemorySecretStore(),
        logger: new MemoryLogger(),
        listenPort: 0,
        savePairedExtensions: async (list) => {
          const config = connector.getConfig();
          await connector.applyConfig({
            ...config,
            browserTab: { ...config.browserTab, pairedExtensions: list },
          });
        },
      });
      profile = await mkdtemp(join(tmpdir(), 'extension-profile-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [
          '--no-sandbox',
          `--disable-extensions-except=${extensionDir}`,
          `--load-extension=${extensionDir}`,
        ],
      });
      worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    }, 90_000);

    afterAll(async () => {
      await context?.close();
      await bridge?.detach();
      if (profile) await rm(profile, { recursive: true, force: true });
    });

    it('pairs from the options page with the code and port the connector shows', async () => {
      const id = new URL(worker.url()).host;
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/browser-extension/src/options.html`);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('#state')).toBe('Not paired yet.');

      // A wrong code first: refused, nothing stored.
      const { code } = bridge.extensionPairing.startCode();
      await page.fill('#port', String(bridge.port()));
      await page.fill('#code', code === '111111' ? '222222' : '111111');
      await page.click('#pair');
      await expect.poll(() => page.textContent('#message')).toBe('Wrong code.');

      await page.fill('#code', code);
      await page.click('#pair');
      await expect.poll(() => page.textContent('#message')).toBe('Paired.');
      expect(await page.textContent('#state')).toContain(`port ${bridge.port()}`);

      const stored = (await worker.evaluate(() =>
        (
          globalThis as unknown as {
            chrome: { storage: { local: { get(k: null): Promise<unknown> } } };
          }
        ).chrome.storage.local.get(null),
      )) as {
        token?: string;
        bridgePort?: number;
      };
      expect(stored.bridgePort).toBe(bridge.port());
      const [entry] = connector.getConfig().browserTab.pairedExtensions;
      expect(entry).toMatchObject({ origin: `chrome-extension://${id}`, browser: 'chromium' });
      expect(createHash('sha256').update(stored.token!).digest('hex')).toBe(entry!.tokenSha256);
    });

    it("the popup's Test signs in with the paired token and shows the connector's answer", async () => {
      const id = new URL(worker.url()).host;
      const popup = await context.newPage();
      await popup.goto(`chrome-extension://${id}/browser-extension/src/popup.html`);
      await popup.waitForSelector('body[data-ready="true"]');
      expect(await popup.isDisabled('#test')).toBe(false);
      // The service worker picked the paired token up from storage and holds the link.
      await expect
        .poll(() => popup.textContent('#link'), { timeout: 10_000 })
        .toBe('Connected to the Accolades Connector.');
      await popup.click('#test');
      // Whatever the service worker is doing, the connector answered this extension by name:
      // either the CRM home page opened in a tab, or why not.
      await expect
        .poll(() => popup.textContent('#test-result'), { timeout: 8_000 })
        .toMatch(/https:\/\/crm\.example\.com\//);
      // With the worker subscribed, the test pop really went through the tab path and is the
      // popup's "last pop" now.
      expect(await popup.textContent('#test-result')).toMatch(
        /^Opened https:\/\/crm\.example\.com\/ in tab \d+/,
      );
      await popup.reload();
      await popup.waitForSelector('body[data-ready="true"]');
      expect(await popup.textContent('#last-pop')).toContain('crm.example.com');
    });
  },
);
