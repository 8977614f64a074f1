// SLOW (about a minute): the extension's service worker is not suspended while the agent waits
// for a call. Chromium stops an idle extension service worker after about 30 s; the bridge link's
// keepalive (every 20 s, answered by the bridge) must keep ours running with its WebSocket open,
// so the first call after a quiet spell still goes to the CRM tab at once.
//
// Playwright (and any DevTools session attached to a worker) keeps service workers alive, so this
// test drives Chromium through its raw DevTools endpoint and attaches to our worker only for a
// moment to write its settings. A second, empty extension loaded next to ours is the control:
// it must be stopped by the browser in the same run, or the test proves nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { attachBridge } from '../../electron/core/bridge/attach-bridge.js';
import { configSchema } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import type { UrlOpener } from '../../electron/core/ports.js';
import type { CallRecord } from '../../electron/core/screen-pop/call-record.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { FakeAccoladesServer } from '../fakes/fake-accolades-server.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import {
  CHROMIUM,
  chromiumMissing,
  ensureExtensionBuilt,
  extensionDir,
  startPageServer,
  waitFor,
} from './extension-harness.js';

const TOKEN = 'idle-test-token';
/** Longer than the browser's 30 s idle limit, with margin for a loaded machine. */
const QUIET_MS = 48_000;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A minimal DevTools-protocol client on the browser endpoint (no auto-attach to workers). */
class DevTools {
  private nextId = 0;
  private readonly waiting = new Map<number, (message: Record<string, unknown>) => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      const id = message.id as number | undefined;
      if (id !== undefined) this.waiting.get(id)?.(message);
      if (id !== undefined) this.waiting.delete(id);
    });
  }
  static async connect(url: string): Promise<DevTools> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new DevTools(socket);
  }
  async send(method: string, params: object = {}, sessionId?: string) {
    const id = ++this.nextId;
    const answer = new Promise<Record<string, unknown>>((resolve) => this.waiting.set(id, resolve));
    this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    const message = await answer;
    if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
    return message.result as Record<string, unknown>;
  }
  async workers(): Promise<string[]> {
    const { targetInfos } = (await this.send('Target.getTargets')) as {
      targetInfos: Array<{ type: string; url: string; targetId: string }>;
    };
    return targetInfos.filter((t) => t.type === 'service_worker').map((t) => t.url);
  }
  close(): void {
    this.socket.terminate();
  }
}

async function launchChromium(extensions: string[]): Promise<{ child: ChildProcess; url: string }> {
  const profile = await mkdtemp(path.join(tmpdir(), 'companion-idle-'));
  cleanups.push(() => rm(profile, { recursive: true, force: true, maxRetries: 5 }));
  const child = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${extensions.join(',')}`,
      `--load-extension=${extensions.join(',')}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint: ${text}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
  });
  return { child, url };
}

describe.skipIf(chromiumMissing)('service worker lifetime (slow)', () => {
  it('stays alive through a quiet spell longer than the idle limit; the control extension does not', async () => {
    await ensureExtensionBuilt();
    const root = await mkdtemp(path.join(tmpdir(), 'companion-idle-root-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const control = path.join(root, 'idle-control');
    await mkdir(control);
    await writeFile(
      path.join(control, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'idle control',
        version: '1.0',
        background: { service_worker: 'sw.js' },
      }),
    );
    await writeFile(path.join(control, 'sw.js'), '// does nothing: the browser stops it\n');

    const crm = await startPageServer('CRM');
    cleanups.push(() => crm.close());
    const accolades = await FakeAccoladesServer.start();
    cleanups.push(() => accolades.close());
    await writeFile(path.join(root, 'ca.pem'), accolades.caPem);
    const config = configSchema.parse({
      accolades: { url: accolades.url, crmId: 'f8cb549544', caFile: path.join(root, 'ca.pem') },
      screenPop: { allowHttp: true },
      rules: [{ name: 'CRM', open: `${crm.origin}/contacts?phone={e164}` }],
      bridge: { enabled: true },
    });
    const opened: string[] = [];
    const opener: UrlOpener = { open: async (url) => void opened.push(url) };
    const records: CallRecord[] = [];
    const secrets = new MemorySecretStore({ bridgeToken: TOKEN });
    const connector = new Connector({
      config,
      logger: new MemoryLogger(),
      secrets,
      history: new MemoryHistoryStore(),
      opener,
    });
    connector.events.on('call', (record) => records.push(record));
    const bridgeLog = new MemoryLogger();
    const bridge = await attachBridge(connector, {
      secrets,
      logger: bridgeLog,
      listenPort: 0,
    });
    cleanups.push(() => bridge.detach());
    cleanups.push(() => connector.stop());
    await connector.start();

    const { url } = await launchChromium([extensionDir, control]);
    const devtools = await DevTools.connect(url);
    cleanups.push(() => devtools.close());
    const ours = await waitFor(
      async () => (await devtools.workers()).find((w) => w.endsWith('/service-worker.js')),
      'our service worker',
      30_000,
    );
    // URL.origin is "null" for non-web schemes: build it from the host (the extension id).
    const origin = `chrome-extension://${new URL(ours).host}`;
    await connector.applyConfig({
      ...connector.getConfig(),
      bridge: { ...connector.getConfig().bridge, allowedOrigins: [origin] },
    });
    // Write the settings from one of the extension's own pages (as its options page would),
    // through a short DevTools session on that page; nobody attaches to the worker.
    const { targetId } = (await devtools.send('Target.createTarget', {
      url: `${origin}/browser-extension/src/options.html`,
    })) as { targetId: string };
    const { sessionId } = (await devtools.send('Target.attachToTarget', {
      targetId,
      flatten: true,
    })) as { sessionId: string };
    // The page's document is the extension's only once it has loaded.
    await waitFor(
      async () => {
        const probe = await devtools.send(
          'Runtime.evaluate',
          { expression: 'typeof chrome === "object" && chrome.storage !== undefined' },
          sessionId,
        );
        return (probe.result as { value?: boolean }).value === true || undefined;
      },
      'the extension page',
      30_000,
    );
    const evaluated = await devtools.send(
      'Runtime.evaluate',
      {
        expression: `chrome.storage.local.set({ bridgePort: ${bridge.port()}, token: ${JSON.stringify(TOKEN)} })`,
        awaitPromise: true,
      },
      sessionId,
    );
    await devtools.send('Target.detachFromTarget', { sessionId });
    await devtools.send('Target.closeTarget', { targetId });
    await devtools.send('Target.createTarget', { url: `${crm.origin}/home` });
    const link = await waitFor(
      () => bridge.clients().find((client) => client.tabs),
      'the extension on the bridge',
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(evaluated)} ${bridgeLog.text()}`);
    });

    // The quiet spell: no call, nobody attached; watch which workers the browser keeps.
    let oursAlways = true;
    let controlStopped = false;
    const quietUntil = Date.now() + QUIET_MS;
    while (Date.now() < quietUntil) {
      const workers = await devtools.workers();
      if (!workers.includes(ours)) oursAlways = false;
      if (!workers.some((w) => w.endsWith('/sw.js'))) controlStopped = true;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(controlStopped, 'the browser stops an idle worker in this setup').toBe(true);
    expect(oursAlways, 'our worker was never stopped').toBe(true);
    // Same connection as before the quiet spell: no reconnect was needed.
    expect(bridge.clients().find((client) => client.tabs)?.id).toBe(link.id);

    accolades.sendCall('inbound', '0722333444');
    await waitFor(() => records[0], 'the call record', 20_000);
    const action = records[0]!.actions[0];
    expect(action?.kind === 'open' ? action.via : undefined).toMatch(/^tab \d+ \(reused\)$/);
    expect(opened).toEqual([]);
  }, 150_000);
});
