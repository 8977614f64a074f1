// The browser companion end to end (issue 13): Debian's Chromium runs the built unpacked
// extension headless; the REAL built CLI runs with the bridge on (the extension's origin allowed,
// a bridge token) against the stand-in, which rings calls; a loopback web server is the CRM.
// The CLI's browser is a recording script, so the browser fallback launches nothing. The tests
// run in order on one browser and one data folder: a working day of one agent.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { makeTempDir } from '../cli/cli-harness.js';
import { ensureBuilt } from '../process/built-cli.js';
import {
  childEnv,
  ConnectorProcess,
  isCall,
  isState,
  STARTUP_TIMEOUT_MS,
  type CallLine,
  type OutputLine,
} from '../process/connector-process.js';
import {
  freePort,
  mintTls,
  numberSeries,
  readHistory,
  recordingBrowser,
  StandIn,
  writeRunConfig,
} from '../process/process-fixtures.js';
import {
  chromiumMissing,
  ensureExtensionBuilt,
  launchWithExtension,
  setExtensionSettings,
  startPageServer,
  tabsSeenByExtension,
  waitFor,
  type ExtensionBrowser,
  type InWorker,
} from './extension-harness.js';

const TOKEN = 'companion-e2e-bridge-token';
const nextNumber = numberSeries('0722100');

let root: string;
let cleanup: () => Promise<void>;
let standIn: StandIn;
let crm: Awaited<ReturnType<typeof startPageServer>>;
let other: Awaited<ReturnType<typeof startPageServer>>;
let browser: ExtensionBrowser;
let bridgePort: number;
let configFile: string;
let dataDir: string;
let opened: () => Promise<string[]>;
let proc: ConnectorProcess;
const processes: ConnectorProcess[] = [];
/** Every number rung in this file, to check the history lost none. */
const rung: string[] = [];

function startCli(): ConnectorProcess {
  const started = ConnectorProcess.start(['run', '--config', configFile, '--data-dir', dataDir], {
    cwd: root,
    env: childEnv(root, { ACCOLADES_BRIDGE_TOKEN: TOKEN }),
  });
  processes.push(started);
  return started;
}

/** Waits until the CLI reports a tab-navigating client (the extension subscribed). */
async function extensionConnected(from: number): Promise<void> {
  await proc.waitForLine(
    (line: OutputLine) =>
      line.type === 'bridgeClients' &&
      (line.clients as Array<{ tabs?: boolean }>).some((client) => client.tabs === true),
    { after: from, timeoutMs: 30_000, what: 'the extension subscribed to tabs' },
  );
}

async function ring(): Promise<CallLine & { via: string | undefined }> {
  const number = nextNumber();
  rung.push(number);
  expect(standIn.ring('incoming', number)).toBe(true);
  const call = await proc.waitForLine(isCall(number), { timeoutMs: 20_000, what: number });
  const via = (call.actions[0] as { via?: string } | undefined)?.via;
  return { ...call, via };
}

const popUrl = (call: CallLine): string =>
  `${crm.origin}/contacts?phone=${encodeURIComponent(call.number.e164!)}`;

describe.skipIf(chromiumMissing)('browser companion extension, end to end (Chromium + CLI)', () => {
  beforeAll(async () => {
    await Promise.all([ensureBuilt(), ensureExtensionBuilt()]);
    ({ dir: root, cleanup } = await makeTempDir());
    const tls = await mintTls();
    const caFile = path.join(root, 'ca.pem');
    await writeFile(caFile, tls.caCert);
    standIn = await StandIn.start(tls);
    crm = await startPageServer('CRM');
    other = await startPageServer('Mail');
    browser = await launchWithExtension();
    bridgePort = await freePort();
    dataDir = path.join(root, 'data');
    await mkdir(dataDir, { recursive: true });
    const recorder = await recordingBrowser(root);
    opened = recorder.opened;
    configFile = await writeRunConfig(
      root,
      'config.json',
      { port: standIn.port, caFile },
      {
        screenPop: { browser: recorder.browser, allowHttp: true, burst: 50, refillSeconds: 0 },
        rules: [{ name: 'CRM', open: `${crm.origin}/contacts?phone={e164}` }],
        bridge: { enabled: true, port: bridgePort, allowedOrigins: [browser.origin] },
      },
    );
    proc = startCli();
    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected',
    });
    // Pairing's result, written where pairing writes it.
    await setExtensionSettings(browser, { bridgePort, token: TOKEN });
    await extensionConnected(0);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.dispose()));
    await browser?.close();
    await crm?.close();
    await other?.close();
    await standIn?.down();
    await cleanup?.();
  });

  it('navigates the open CRM tab: same tab id, no new tab, no browser launch', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${crm.origin}/home`);
    const before = await tabsSeenByExtension(browser);
    const crmTab = before.find((tab) => tab.url.startsWith(`${crm.origin}/home`))!;
    expect(crmTab).toBeDefined();

    const call = await ring();
    expect(call.outcome.kind).toBe('popped');
    expect(call.via).toBe(`tab ${crmTab.id} (reused)`);
    await waitFor(
      async () => (await tabsSeenByExtension(browser)).find((t) => t.url === popUrl(call)),
      'the CRM tab to show the contact',
    );
    const after = await tabsSeenByExtension(browser);
    expect(after.map((tab) => tab.id).sort()).toEqual(before.map((tab) => tab.id).sort());
    expect(after.find((tab) => tab.id === crmTab.id)?.url).toBe(popUrl(call));
    expect(await opened()).toEqual([]);
    // The extension reported when the tab started loading (the bench's timestamp).
    const navigating = await proc.waitForLine((line) => line.type === 'tabNavigating', {
      timeoutMs: 10_000,
      what: 'tabNavigating',
    });
    expect(navigating).toMatchObject({ tabId: crmTab.id, timeStamp: expect.any(Number) });
    await page.close();
  });

  it('with no CRM tab opens one and re-uses it; a window of another origin is not touched', async () => {
    for (const page of browser.context.pages()) {
      if (page.url().startsWith(crm.origin)) await page.close();
    }
    const worker = await browser.worker();
    await worker.evaluate(
      (url) => (globalThis as unknown as InWorker).chrome.windows.create({ url }),
      `${other.origin}/inbox`,
    );
    const otherTab = await waitFor(
      async () =>
        (await tabsSeenByExtension(browser)).find((tab) => tab.url === `${other.origin}/inbox`),
      'the second window',
    );
    const before = await tabsSeenByExtension(browser);

    const first = await ring();
    const created = /^tab (\d+) \(new\)$/.exec(first.via ?? '');
    expect(created, first.via).not.toBeNull();
    const newTabId = Number(created![1]);
    await waitFor(
      async () => (await tabsSeenByExtension(browser)).find((t) => t.url === popUrl(first)),
      'the new CRM tab',
    );
    expect((await tabsSeenByExtension(browser)).length).toBe(before.length + 1);

    const second = await ring();
    expect(second.via).toBe(`tab ${newTabId} (reused)`);
    await waitFor(
      async () => (await tabsSeenByExtension(browser)).find((t) => t.url === popUrl(second)),
      'the CRM tab to show the second contact',
    );
    const after = await tabsSeenByExtension(browser);
    expect(after.length).toBe(before.length + 1);
    expect(after.find((tab) => tab.id === otherTab.id)).toEqual(otherTab);
    // The other site was loaded once, by the test, and never navigated (the browser may ask it
    // for its icon).
    expect(other.requests.filter((url) => url !== '/favicon.ico')).toEqual(['/inbox']);
    expect(await opened()).toEqual([]);
  });

  it('refuses a URL of an origin the rule does not allow, and touches no tab', async () => {
    // A bridge that misbehaves (a bug, or something else on the port): the extension's own check.
    const fake = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => fake.once('listening', resolve));
    const acks: Record<string, unknown>[] = [];
    fake.on('connection', (socket: WebSocket) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        if (frame.type === 'authRequest') socket.send(JSON.stringify({ type: 'authSuccess' }));
        if (frame.type === 'subscribe') {
          socket.send(JSON.stringify({ type: 'connector.subscribed', stream: 'tabs' }));
          socket.send(
            JSON.stringify({
              type: 'connector.navigate',
              popId: 'hostile-1',
              url: `${other.origin}/steal?x=1`,
              allowedOrigins: [crm.origin],
              focus: true,
              newTab: 'foreground',
            }),
          );
        }
        if (frame.type === 'connector.navigateAck') acks.push(frame);
      });
    });
    const before = await tabsSeenByExtension(browser);
    const from = proc.mark();
    try {
      await setExtensionSettings(browser, {
        bridgePort: (fake.address() as { port: number }).port,
      });
      await waitFor(() => acks[0], 'the extension answer');
      expect(acks[0]).toMatchObject({
        popId: 'hostile-1',
        ok: false,
        reason: 'origin-not-allowed',
      });
      expect(await tabsSeenByExtension(browser)).toEqual(before);
      expect(other.requests.some((url) => url.startsWith('/steal'))).toBe(false);
    } finally {
      await setExtensionSettings(browser, { bridgePort });
      for (const client of fake.clients) client.terminate();
      await new Promise((resolve) => fake.close(resolve));
    }
    await extensionConnected(from);
  });

  it('reconnects by itself after the connector restarts, and pops into the tab again', async () => {
    proc.signal('SIGTERM');
    expect((await proc.waitForExit(20_000)).code).toBe(0);
    // A few seconds without a connector: the extension backs off and keeps trying.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    proc = startCli();
    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected again',
    });
    await extensionConnected(0);
    const call = await ring();
    expect(call.via).toMatch(/^tab \d+ \(reused\)$/);
    expect(await opened()).toEqual([]);
  });

  it('the browser closed mid-day: pops fall back to the browser and the history keeps every call', async () => {
    const from = proc.mark();
    await browser.close();
    await proc.waitForLine(
      (line: OutputLine) =>
        line.type === 'bridgeClients' &&
        !(line.clients as Array<{ tabs?: boolean }>).some((client) => client.tabs === true),
      { after: from, timeoutMs: 20_000, what: 'the extension gone' },
    );
    const first = await ring();
    const second = await ring();
    for (const call of [first, second]) {
      expect(call.outcome.kind).toBe('popped');
      expect(call.via).toBe('browser: no extension connected');
    }
    await waitFor(async () => (await opened()).length === 2 || undefined, 'two browser launches');
    expect(await opened()).toEqual([popUrl(first), popUrl(second)]);
    proc.signal('SIGTERM');
    await proc.waitForExit(20_000);
    const history = await readHistory(dataDir);
    expect(history.map((record) => record.number.raw).sort()).toEqual([...rung].sort());
    expect(history.every((record) => record.outcome.kind === 'popped')).toBe(true);
  });
});
