// Our pages are served from `app://connector/<path>` out of the packaged renderer folder, never
// from file:// (which would let any local file be fetched) or the network. One origin means the
// IPC wrapper can recognise our own frames by URL, and the CSP travels with every response.
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isPageName, type PageName } from '../../shared/ipc-contract.js';

export const APP_SCHEME = 'app';
const APP_HOST = 'connector';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Nothing from anywhere but our own origin; no connections at all (the pages talk to main only
 * through the preload API); no inline script; no framing; forms go nowhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/** Whether a URL belongs to one of our pages (the IPC wrapper's sender check). */
export function isOwnPageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Which of our pages a URL belongs to (app://connector/<page>/…), or undefined for anything
 * else: a foreign URL, or a path of ours that is no page. The IPC guard's per-window check.
 */
export function pageOfUrl(url: string): PageName | undefined {
  if (!isOwnPageUrl(url)) return undefined;
  // Taken literally: an escaped page name is no page of ours.
  const page = new URL(url).pathname.split('/')[1] ?? '';
  return isPageName(page) ? page : undefined;
}

/** The URL of a window's page, e.g. pageUrl('settings') → app://connector/settings/index.html */
export function pageUrl(page: string, query?: Record<string, string>): string {
  const url = new URL(`${APP_ORIGIN}/${encodeURIComponent(page)}/index.html`);
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
  return url.toString();
}

export type ResolvedAsset =
  { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps an `app://connector/...` URL to a file under `rootDir`, refusing anything that leaves
 * it (`..`, encoded `%2e%2e`, backslashes, NUL), other hosts and unknown file types.
 */
export function resolveAppAsset(requestUrl: string, rootDir: string): ResolvedAsset {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403 };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 400 };
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return { ok: false, status: 403 };
  if (segments.length === 0) return { ok: false, status: 404 };

  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  const inside = relative(root, file);
  if (
    inside === '' ||
    inside.startsWith('..') ||
    isAbsolute(inside) ||
    inside.split(sep).includes('..')
  ) {
    return { ok: false, status: 403 };
  }
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  if (!contentType) return { ok: false, status: 404 };
  return { ok: true, file, contentType };
}

/**
 * The protocol handler body, as a plain function of the request URL (tested without Electron).
 * Several roots are tried in order: the compiled scripts (dist/renderer) and the page sources
 * (renderer/: html, css, images) live side by side in the package.
 */
export async function serveAppAsset(
  requestUrl: string,
  rootDirs: readonly string[],
  read: (file: string) => Promise<Uint8Array> = readFile,
): Promise<Response> {
  let status: 400 | 403 | 404 = 404;
  for (const rootDir of rootDirs) {
    const resolved = resolveAppAsset(requestUrl, rootDir);
    if (!resolved.ok) {
      status = resolved.status;
      if (status !== 404) break; // a refused path is refused everywhere
      continue;
    }
    try {
      const body = await read(resolved.file);
      // Copy into a plain ArrayBuffer-backed view: Response wants that, and our files are small.
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: securityHeaders(resolved.contentType),
      });
    } catch {
      status = 404;
    }
  }
  return new Response(null, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}
