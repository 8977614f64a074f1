// The hosted connector page in Debian's Chromium against the real pairing endpoint. The page is
// built by the real build script and served from its own loopback port (standing in for the
// Accolades site), so the request is cross-origin and Chromium runs a real CORS preflight.
// What this does NOT prove: a real public https origin reaching loopback (Chromium treats
// 127.0.0.1 → 127.0.0.1 as the same address space, so no Private Network Access / Local Network
// Access check happens here; the endpoint's answers to that preflight are tested over HTTP in
// pairing-endpoint.test.ts), nor the permission prompt a browser may show the agent.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPairing, type PairingSetup } from './pairing-setup.js';

const CHROMIUM = '/usr/bin/chromium';
const QUERY = '?agentId=f8cb549544&serverFqdn=client.voipit.ro&serverPort=14327';
const SAY = 'Accolades Connector: ';

let browser: Browser | undefined;
let pageServer: http.Server;
let pageOrigin: string;
let dir: string;
let pairing: PairingSetup | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hosted-connector-'));
  // Stands in for the Accolades site: serves whatever build is in `dir` as /index.html.
  pageServer = http.createServer((req, res) => {
    if (!(req.url ?? '').startsWith('/index.html')) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(dir, 'index.html')).then(
      (html) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu'],
    });
  }
}, 30_000);

afterEach(async () => {
  await pairing?.pairing.detach();
  pairing = undefined;
});

afterAll(async () => {
  await browser?.close();
  pageServer.closeAllConnections();
  await new Promise((resolve) => pageServer.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run build:hosted-connector -- --port <port> --out <dir>`'s script for real. */
async function build(port: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ['build/scripts/build-hosted-connector.mjs', '--port', String(port), '--out', dir],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`build failed (${code}): ${stderr}`);
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Loads the page like the Agent page's iframe would, and returns what it printed. */
async function load(): Promise<{ ours: string[]; all: ConsoleMessage[]; sockets: string[] }> {
  const page = await browser!.newPage();
  const all: ConsoleMessage[] = [];
  const sockets: string[] = [];
  page.on('console', (message) => all.push(message));
  page.on('websocket', (socket) => sockets.push(socket.url()));
  try {
    await page.goto(`${pageOrigin}/index.html${QUERY}`);
    const ours = () => all.filter((m) => m.text().startsWith(SAY)).map((m) => m.text());
    await expect.poll(() => ours().length, { timeout: 10_000 }).toBeGreaterThan(0);
    // A round trip through the page after its only message: nothing else is queued.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    return { ours: ours(), all, sockets };
  } finally {
    await page.close();
  }
}

describe.skipIf(!existsSync(CHROMIUM))('hosted connector page in Chromium', () => {
  it('hands the agent ID to the tray app (after a CORS preflight) without taking the WSS slot', async () => {
    pairing = await startPairing({ pairing: { allowedOrigins: [pageOrigin] } });
    await build(pairing.port);
    const { ours, sockets } = await load();
    expect(ours).toEqual([`${SAY}the tray app will ask you to confirm your CRM ID.`]);
    expect(pairing.requests).toHaveLength(1);
    expect(pairing.requests[0]).toMatchObject({
      agentId: 'f8cb549544',
      serverUrl: 'wss://client.voipit.ro:14327',
      origin: pageOrigin,
    });
    expect(pairing.pairing.counters()?.preflights).toBeGreaterThanOrEqual(1);
    expect(sockets).toEqual([]);
    await pairing.pairing.confirm(pairing.requests[0]!.id);
    expect(pairing.settings.saved).toEqual([{ crmId: 'f8cb549544' }]);
  });

  it('says once in the console that the tray app is not reachable, and does nothing else', async () => {
    await build(await freePort());
    const { ours, all, sockets } = await load();
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('the tray app is not reachable on this computer');
    expect(sockets).toEqual([]);
    // Chromium itself may add its own network error line; nothing else may appear.
    const others = all.filter((m) => !m.text().startsWith(SAY));
    for (const other of others) {
      expect(other.type()).toBe('error');
      expect(other.text()).toMatch(
        /ERR_CONNECTION_REFUSED|Failed to load resource|Failed to fetch/,
      );
    }
  });

  it('is refused by the browser when the page origin is not allowed (no pairing request)', async () => {
    pairing = await startPairing({}); // default: only https://client.voipit.ro
    await build(pairing.port);
    const { ours } = await load();
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('not reachable');
    expect(pairing.requests).toEqual([]);
    expect(pairing.pairing.counters()?.refused).toBeGreaterThanOrEqual(1);
  });
});
