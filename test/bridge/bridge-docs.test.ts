// docs/bridge-and-pairing.md is part of the deliverable: its policy examples must be accepted by
// the policy parser, and its 20-line browser example must really log a call from the bridge in
// Chromium.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { describe, expect, it } from 'vitest';
import { attachBridge } from '../../electron/core/bridge/attach-bridge.js';
import { parsePolicyText } from '../../electron/core/config/parse-layer.js';
import { configSchema } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { projectRoot } from '../packaging/load-builder-config.js';

const CHROMIUM = '/usr/bin/chromium';
const doc = readFileSync(join(projectRoot, 'docs', 'bridge-and-pairing.md'), 'utf8');

function blocks(language: string): string[] {
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  return [...doc.matchAll(fence)].map((match) => match[1]!.replace(/^ {3}/gm, ''));
}

describe('docs/bridge-and-pairing.md', () => {
  it('has policy examples the policy parser accepts', () => {
    const examples = blocks('json');
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const [index, text] of examples.entries()) {
      expect(() => parsePolicyText(text, `example ${index + 1}`)).not.toThrow();
    }
    expect(() => parsePolicyText('{"bridge": {"enabld": true}}', 'typo')).toThrow();
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'has a browser example that logs a call from the bridge in Chromium',
    async () => {
      const [example] = blocks('html');
      expect(example!.trim().split('\n').length).toBeLessThanOrEqual(22);
      const site = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(example!.replace('ws://127.0.0.1:14330', `ws://127.0.0.1:${bridgePort}`));
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      const logger = new MemoryLogger();
      // The example signs in with the bridge token it names; the tray app has that token set.
      const token = /const TOKEN = '([^']+)'/.exec(example!)?.[1];
      expect(token).toBeDefined();
      const secrets = new MemorySecretStore({ bridgeToken: token! });
      const connector = new Connector({
        config: configSchema.parse({
          accolades: { crmId: 'f8cb549544' },
          bridge: { enabled: true, allowedOrigins: [origin] },
        }),
        logger,
        secrets,
        history: new MemoryHistoryStore(),
      });
      const bridge = await attachBridge(connector, { secrets, logger, listenPort: 0 });
      const bridgePort = bridge.port()!;
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--headless', '--disable-gpu'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(`${origin}/`);
        await expect.poll(() => page.locator('#log').innerText()).toContain('connected, API');
        connector.events.emit('notification', {
          direction: 'inbound',
          rawNumber: '0712345678',
          receivedAt: Date.now(),
          receivedMono: 0,
          message: { type: 'incomingCall', phoneNumber: '0712345678' },
        });
        await expect.poll(() => page.locator('#log').innerText()).toContain('call from 0712345678');
        expect(bridge.clients().map((c) => c.origin)).toEqual([origin]);
      } finally {
        await browser.close();
        await bridge.detach();
        site.closeAllConnections();
        await new Promise((resolve) => site.close(resolve));
      }
    },
    30_000,
  );
});
