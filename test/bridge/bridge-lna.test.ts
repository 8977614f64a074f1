// The bridge from a PUBLIC web page, as Chromium sees it: --ip-address-space-overrides makes the
// page's loopback origin count as public, so Local Network Access applies to the WebSocket.
// Without the agent's permission the connection never reaches the bridge; with it, it does.
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachBridge, type BridgeHandle } from '../../electron/core/bridge/attach-bridge.js';
import { configSchema } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

const CHROMIUM = '/usr/bin/chromium';

let browser: Browser | undefined;
let site: http.Server;
let origin: string;
let bridge: BridgeHandle;

describe.skipIf(!existsSync(CHROMIUM))('bridge from a public page (Local Network Access)', () => {
  beforeAll(async () => {
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<script>const ws = new WebSocket('ws://127.0.0.1:${bridge.port()}');` +
          `ws.onopen = () => ws.send(JSON.stringify({ type: 'authRequest', idCrm: 'lna-bridge-token' }));` +
          `ws.onmessage = (e) => console.log('bridge: ' + JSON.parse(e.data).type);` +
          `ws.onerror = () => console.log('bridge: error');</script>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const port = (site.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
    const logger = new MemoryLogger();
    const secrets = new MemorySecretStore({ bridgeToken: 'lna-bridge-token' });
    const connector = new Connector({
      config: configSchema.parse({
        accolades: { crmId: 'f8cb549544' },
        bridge: { enabled: true, allowedOrigins: [origin] },
      }),
      logger,
      secrets,
      history: new MemoryHistoryStore(),
    });
    bridge = await attachBridge(connector, { secrets, logger, listenPort: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        `--ip-address-space-overrides=127.0.0.1:${port}=public`,
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await bridge?.detach();
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
  });

  async function run(grant: boolean): Promise<string> {
    const context = await browser!.newContext();
    if (grant) await context.grantPermissions(['local-network-access'], { origin });
    const lines: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (m) => lines.push(m.text()));
      await page.goto(`${origin}/`);
      await expect.poll(() => lines.find((l) => l.startsWith('bridge: '))).toBeDefined();
      return lines.join('\n');
    } finally {
      await context.close();
    }
  }

  it('blocks the WebSocket until the agent allows local network access', async () => {
    const blocked = await run(false);
    expect(blocked).toContain('bridge: error');
    expect(blocked).toContain('ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS');
    const allowed = await run(true);
    expect(allowed).toContain('bridge: authSuccess');
  });
});
