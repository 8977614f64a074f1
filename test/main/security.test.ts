// The Electron shell's security settings: webPreferences, navigation / window.open /
// permission denial, only our own origin loads, the CSP travels with every page, app:// never
// serves a file outside the renderer folders, and external URLs pass the core URL policy.
vi.mock('electron', () => import('../fakes/electron.js'));

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  isOwnPageUrl,
  pageUrl,
  resolveAppAsset,
  serveAppAsset,
} from '../../electron/main/security/app-protocol.js';
import {
  hardenSession,
  hardenWebContents,
  isAllowedRequestUrl,
} from '../../electron/main/security/harden.js';
import { openExternalSafely } from '../../electron/main/security/open-external.js';
import { secureWebPreferences } from '../../electron/main/web-preferences.js';
import { electronFake, FakeSession, FakeWebContents, shell } from '../fakes/electron.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

beforeEach(() => electronFake.reset());

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and disables Node, webviews and insecure content', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });
});

describe('hardenWebContents', () => {
  it('cancels navigation, redirects and webviews, and denies window.open', () => {
    const contents = new FakeWebContents();
    const log = new MemoryLogger();
    hardenWebContents(contents as unknown as WebContents, log);
    expect(contents.fire('will-navigate', 'https://evil.example.com/').defaultPrevented).toBe(true);
    expect(
      contents.fire('will-navigate', 'app://connector/settings/index.html').defaultPrevented,
    ).toBe(true);
    expect(contents.fire('will-redirect', 'file:///etc/passwd').defaultPrevented).toBe(true);
    expect(contents.fire('will-attach-webview').defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example.com/' })).toEqual({
      action: 'deny',
    });
    expect(log.text()).toContain('refused navigation');
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check, and device access', () => {
    const session = new FakeSession();
    hardenSession(session as unknown as Session, new MemoryLogger());
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ]) {
      const granted = vi.fn();
      session.permissionRequestHandler?.({}, permission, granted);
      expect(granted).toHaveBeenCalledWith(false);
    }
    expect(session.permissionCheckHandler?.({}, 'media', 'app://connector', {})).toBe(false);
    expect(session.devicePermissionHandler?.({})).toBe(false);
  });

  it('lets pages load only from our own origin (and inline data)', () => {
    const session = new FakeSession();
    hardenSession(session as unknown as Session, new MemoryLogger());
    const cancelled = (url: string) => {
      let answer: boolean | undefined;
      session.beforeRequest?.({ url }, (response) => (answer = response.cancel));
      return answer;
    };
    expect(cancelled('app://connector/settings/main.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(cancelled('https://crm.example.com/')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('ws://127.0.0.1:1/')).toBe(true);
    expect(isAllowedRequestUrl('not a url')).toBe(false);
  });
});

describe('app:// pages', () => {
  const temp = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  const compiled = join(temp, 'dist', 'renderer');
  const sources = join(temp, 'renderer');
  mkdirSync(join(compiled, 'settings'), { recursive: true });
  mkdirSync(join(sources, 'settings'), { recursive: true });
  writeFileSync(join(compiled, 'settings', 'main.js'), 'console.log(1);');
  writeFileSync(join(sources, 'settings', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(sources, 'settings', 'main.ts'), 'secret source');
  writeFileSync(join(temp, 'secret.txt'), 'not for pages');
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const roots = [compiled, sources];

  it('serves pages from either root with the strict CSP and nosniff', async () => {
    const page = await serveAppAsset(pageUrl('settings'), roots);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>x</title>');
    const script = await serveAppAsset('app://connector/settings/main.js', roots);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('has a CSP that allows nothing from elsewhere and no inline script', () => {
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'none'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it.each([
    'app://connector/../secret.txt',
    'app://connector/%2e%2e/secret.txt',
    'app://connector/settings/%2e%2e/%2e%2e/secret.txt',
    'app://connector/settings/..%2f..%2fsecret.txt',
    'app://connector/settings/..%5c..%5csecret.txt',
    'app://connector/settings/index.html%00.png',
    'app://other-host/settings/index.html',
    'https://connector/settings/index.html',
    'app://connector/settings/main.ts',
    'app://connector/',
    'app://connector/settings/missing.html',
  ])('refuses %s', async (url) => {
    const response = await serveAppAsset(url, roots);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).toBe('');
  });

  it('resolves only inside the root', () => {
    expect(resolveAppAsset('app://connector/settings/index.html', sources)).toEqual({
      ok: true,
      file: join(sources, 'settings', 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    // The URL parser already folds /../ and /%2e%2e/; an encoded slash survives it, so we check.
    expect(resolveAppAsset('app://connector/settings/..%2f..%2fsecret.txt', sources)).toEqual({
      ok: false,
      status: 403,
    });
    expect(resolveAppAsset('app://connector/%2e%2e/secret.txt', sources)).toMatchObject({
      ok: false,
    });
  });

  it('recognises our own pages only', () => {
    expect(isOwnPageUrl('app://connector/dialer/index.html')).toBe(true);
    expect(isOwnPageUrl('app://connector.evil.com/x')).toBe(false);
    expect(isOwnPageUrl('app://evil/x')).toBe(false);
    expect(isOwnPageUrl('file:///app/renderer/dialer/index.html')).toBe(false);
    expect(isOwnPageUrl('https://connector/')).toBe(false);
    expect(isOwnPageUrl('')).toBe(false);
  });
});

describe('openExternalSafely', () => {
  it('passes https, and http only when allowed', async () => {
    expect(
      await openExternalSafely('https://crm.example.com/c?p=%2B40', { allowHttp: false }),
    ).toEqual({ ok: true });
    expect((await openExternalSafely('http://crm.example.com/', { allowHttp: false })).ok).toBe(
      false,
    );
    expect(await openExternalSafely('http://crm.example.com/', { allowHttp: true })).toEqual({
      ok: true,
    });
    expect(shell.opened).toEqual(['https://crm.example.com/c?p=%2B40', 'http://crm.example.com/']);
  });

  it.each([
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'ms-msdt:/id PCWDiagnostic',
    'tel:0712345678',
    '//evil.example.com',
    `https://example.com/${'a'.repeat(2100)}`,
  ])('refuses %.40s with a reason and opens nothing', async (url) => {
    const result = await openExternalSafely(url, { allowHttp: true });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).not.toBe('');
    expect(shell.opened).toEqual([]);
  });
});
