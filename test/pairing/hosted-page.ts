// Helpers for the hosted connector browser tests: build the page with the real script, serve it
// from a loopback origin that stands in for the Accolades site, load it and collect its console.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage } from 'playwright';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const QUERY = '?agentId=f8cb549544&serverFqdn=client.voipit.ro&serverPort=14327';
export const SAY = 'Accolades Connector: ';

/** The stand-in Agent page on `site` with the hosted connector (`src`) in a hidden iframe. */
export function agentPageUrl(site: PageServer, src: string, allow = false): string {
  return `${site.origin}/agent.html?${allow ? 'allow=1&' : ''}src=${encodeURIComponent(src)}`;
}

export interface PageServer {
  origin: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `dir/index.html` as /index.html, and /agent.html as a stand-in Agent page that loads
 * `?src=` in a hidden iframe (with `allow="local-network-access"` when `&allow=1`).
 */
export async function startPageServer(dir: string): Promise<PageServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/index.html') {
      readFile(join(dir, 'index.html')).then(
        (html) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (url.pathname === '/agent.html') {
      const src = url.searchParams.get('src') ?? '';
      const allow = url.searchParams.get('allow') === '1' ? ' allow="local-network-access"' : '';
      const escaped = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>Agent</title><iframe hidden src="${escaped}"${allow}></iframe>`,
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Runs the build:hosted-connector script for real, into `dir`. `agentOrigins` are the Agent page
 * origins the page may be framed by (the script's default, https://client.voipit.ro, if none).
 */
export async function buildHostedConnector(
  port: number,
  dir: string,
  agentOrigins: string[] = [],
): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      'build/scripts/build-hosted-connector.mjs',
      '--port',
      String(port),
      '--out',
      dir,
      ...agentOrigins.flatMap((origin) => ['--agent-origin', origin]),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`build failed (${code}): ${stderr}`);
}

export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Loaded {
  /** The hosted connector's own console lines. */
  ours: string[];
  all: ConsoleMessage[];
  /** WebSocket URLs any frame opened. */
  sockets: string[];
}

/** Loads `url` and waits for the hosted connector's one console line. */
export async function loadAndCollect(context: BrowserContext, url: string): Promise<Loaded> {
  const page = await context.newPage();
  const all: ConsoleMessage[] = [];
  const sockets: string[] = [];
  page.on('console', (message) => all.push(message));
  page.on('websocket', (socket) => sockets.push(socket.url()));
  try {
    await page.goto(url);
    const ours = (): string[] => all.filter((m) => m.text().startsWith(SAY)).map((m) => m.text());
    await expect.poll(() => ours().length, { timeout: 10_000 }).toBeGreaterThan(0);
    // A round trip through every frame after the message: nothing else is queued.
    for (const frame of page.frames()) {
      await frame.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    }
    return { ours: ours(), all, sockets };
  } finally {
    await page.close();
  }
}
