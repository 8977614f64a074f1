// Compiles the renderer pages into a temp folder (so parallel test files never race on dist/)
// and serves that folder on 127.0.0.1 with the same CSP header the app protocol sends.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`${command} ${args.join(' ')} failed:\n${output}`)),
    );
  });
}

export interface PageServer {
  origin: string;
  url(page: string, query?: Record<string, string>): string;
  close(): Promise<void>;
}

/** tsc -p tsconfig.renderer.json into a temp dir, plus the html/css/svg next to the scripts. */
export async function buildRendererInto(): Promise<{ root: string; dispose(): void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'renderer-test-'));
  const dispose = (): void => rmSync(outDir, { recursive: true, force: true });
  try {
    await run(process.execPath, [
      join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.renderer.json',
      '--outDir',
      outDir,
      '--sourceMap',
      'false',
    ]);
    const root = join(outDir, 'renderer');
    cpSync(join(projectRoot, 'renderer'), root, {
      recursive: true,
      filter: (path) =>
        extname(path) === '' || ['.html', '.css', '.svg', '.png'].includes(extname(path)),
    });
    return { root, dispose };
  } catch (error) {
    // A compile error must not leave a temp folder behind.
    dispose();
    throw error;
  }
}

export async function startPageServer(root: string): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      const file = normalize(join(root, path));
      if (!file.startsWith(root + sep)) {
        response.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        response.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': CSP,
          'Cache-Control': 'no-store',
        });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url(page, query = {}) {
      const url = new URL(`${origin}/${page}/index.html`);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      return url.toString();
    },
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
