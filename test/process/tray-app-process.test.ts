// The tray app's composition root (electron/main/index.ts) as a process: a child Node process
// with the shared electron fake in place of Electron (test/fakes/electron-process/), so the
// real settings store, secrets file, app log, core services, tray controller, notifications,
// IPC registration and power events run against the stand-in over real TLS sockets. The test
// sees what a person would: the tray's icon, tooltip and menu, the notifications, the URL the
// "browser" got, the history file, the exit status. The Playwright `_electron` suite
// (test/e2e) stays for machines that have the Electron binary.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';
import { FaultProxy } from '../fakes/fault-proxy.js';
import {
  startTrayApp,
  type TrayAppProcess,
  type TrayLine,
} from '../fakes/electron-process/spawn-tray-app.js';

const CRM_ID = 'demo-agent-1';
const CONNECTED = (line: TrayLine) =>
  line.icon === 'tray-connected.png' &&
  line.tooltip === 'Accolades Connector: Connected to Accolades: calls will open your CRM.';

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups = [];
});

interface Setup {
  root: string;
  caDir: string;
  browserLog: string;
  writeSettings(url: string, caFile: string): Promise<void>;
  env: NodeJS.ProcessEnv;
}

async function setUp(): Promise<Setup> {
  const root = await mkdtemp(path.join(tmpdir(), 'tray-app-process-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const caDir = path.join(root, 'stand-in');
  const browserLog = path.join(root, 'browser.log');
  const browser = path.join(root, 'record-browser.sh');
  await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${browserLog}'\n`);
  await chmod(browser, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ACCOLADES_POLICY_FILE: path.join(root, 'no-policy.json'),
  };
  for (const key of ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[key];
  return {
    root,
    caDir,
    browserLog,
    env,
    // The user's settings file, where electron-store keeps it (app.getPath('userData')).
    writeSettings: async (url, caFile) => {
      await mkdir(path.join(root, 'userData'), { recursive: true });
      await writeFile(
        path.join(root, 'userData', 'settings.json'),
        JSON.stringify({
          accolades: { url, crmId: CRM_ID, caFile },
          screenPop: { browser },
          rules: [
            {
              name: 'Web CRM',
              direction: 'inbound',
              open: 'https://crm.example.com/contacts?phone={e164}',
            },
          ],
        }),
      );
    },
  };
}

async function standIn(caDir: string, port = 0): Promise<SimulatorHandle> {
  // The same CA folder every time: a restarted stand-in presents a certificate the app trusts.
  const stand = await startSimulator({ dataDir: caDir, port });
  cleanups.push(() => stand.close());
  return stand;
}

function launch(setup: Setup): TrayAppProcess {
  const app = startTrayApp(setup.root, setup.env);
  cleanups.push(async () => {
    if (app.alive()) app.child.kill('SIGKILL');
    await app.exited;
  });
  return app;
}

async function linesOf(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The tray leaves "connected" after line `from`, then shows it again: one reconnection. */
async function reconnectionAfter(app: TrayAppProcess, from: number, what: string) {
  const left = await app.waitFor<TrayLine>(
    `${what}: the tray to leave connected`,
    (line) => line.type === 'tray' && 'icon' in line && !CONNECTED(line),
    from,
  );
  const back = await app.waitFor(`${what}: connected again`, CONNECTED, app.lines.indexOf(left));
  return { left, back };
}

/** The tray's words while the server refuses: where, why, and when it tries again. */
const refusedTooltip = (port: number) =>
  new RegExp(
    `^Accolades Connector: Cannot reach the Accolades server at 127\\.0\\.0\\.1:${port} \\(connection refused\\); retrying in \\d+ s\\.$`,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the tray app as a process', () => {
  it('stays up with the server down at start and across a restart, pops calls, quits on SIGTERM', async () => {
    const setup = await setUp();
    // A port with nothing on it yet: start the stand-in once to learn its port and CA, stop it.
    const first = await standIn(setup.caDir);
    const port = Number(new URL(first.wssUrl).port);
    const caFile = first.caFile!;
    await first.close();
    await setup.writeSettings(first.wssUrl, caFile);

    const app = launch(setup);
    const refused = await app.waitFor<TrayLine>(
      'the tray to say the server cannot be reached',
      (line) => line.type === 'tray' && /connection refused/.test(line.tooltip),
    );
    expect(refused.tooltip).toMatch(refusedTooltip(port));
    expect(refused.icon).not.toBe('tray-connected.png');
    await sleep(2_000);
    expect(app.alive()).toBe(true);

    let stand = await standIn(setup.caDir, port);
    await app.waitFor('connected', CONNECTED);
    expect(stand.ringAgent(CRM_ID, 'incoming', '0722 123 456').delivered).toBe(true);
    await app.waitFor('the call notification', (line) => line.type === 'notification');
    await until('the first pop', async () =>
      (await linesOf(setup.browserLog)).length === 1 ? true : undefined,
    );

    // The server goes away until the tray has said so in plain words (the first retry after
    // the drop waits out the backoff delay, several seconds while the failure count from the
    // start-up outage has not been reset yet), then comes back on the same port.
    const dropAt = app.lines.length;
    await stand.close();
    await app.waitFor<TrayLine>(
      'the tray to say the server cannot be reached after the drop',
      (line) => line.type === 'tray' && refusedTooltip(port).test(line.tooltip),
      dropAt,
    );
    expect(app.alive()).toBe(true);
    // (A redraw for the call's history entry may still come while connected.)
    const afterDrop = app.trayLines(dropAt);
    const between = afterDrop.slice(afterDrop.findIndex((line) => !CONNECTED(line)));
    expect(between.length).toBeGreaterThan(0);
    for (const line of between) {
      expect(line.icon).not.toBe('tray-connected.png');
      // Plain words for a person, never an internal phase name.
      expect(line.tooltip).not.toMatch(/backing-off|needs-configuration|undefined|\{/);
    }
    expect(between.some((line) => refusedTooltip(port).test(line.tooltip))).toBe(true);
    const upAt = Date.now();
    const backFrom = app.lines.length;
    stand = await standIn(setup.caDir, port);
    const back = await app.waitFor('connected again', CONNECTED, backFrom);
    // The readiness check runs every second while backing off (docs/benchmark.md, row 2).
    expect(back.time - upAt).toBeLessThan(5_000);
    expect(stand.ringAgent(CRM_ID, 'incoming', '0733 000 111').delivered).toBe(true);
    await until('the second pop', async () =>
      (await linesOf(setup.browserLog)).length === 2 ? true : undefined,
    );
    expect(app.trayLines().at(-1)?.menu).toContain('Recent calls');

    // SIGTERM, as a session manager or a service stop sends it: the quit waits for the
    // connector to stop, then the process ends with status 0.
    const termAt = Date.now();
    app.child.kill('SIGTERM');
    const { code, signal } = await app.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - termAt).toBeLessThan(3_000);
    expect(app.lines.some((line) => line.type === 'tray' && line.destroyed === true)).toBe(true);
    const log = await linesOf(path.join(setup.root, 'logs', 'connector.log'));
    expect(log.at(-1)).toContain('stopped; quitting');
    // Every call the server delivered is in the history file.
    const history = await linesOf(path.join(setup.root, 'userData', 'call-history.jsonl'));
    expect(
      history.map((line) => (JSON.parse(line) as { number: { raw: string } }).number.raw),
    ).toEqual(['0722 123 456', '0733 000 111']);
    expect(app.stderr()).toBe('');
  }, 40_000);

  it('reconnects at once on resume and unlock-screen, and quits from the tray menu', async () => {
    const setup = await setUp();
    const stand = await standIn(setup.caDir);
    const relay = await FaultProxy.start({ port: Number(new URL(stand.wssUrl).port) });
    cleanups.push(() => relay.close());
    await setup.writeSettings(`wss://127.0.0.1:${relay.port}`, stand.caFile!);

    const app = launch(setup);
    await app.waitFor('connected', CONNECTED);
    expect(relay.acceptedConnections).toBe(1);

    // The laptop slept: the link died without a word (half-open). The heartbeat would need up
    // to 25 s to notice; the tray still says connected.
    relay.silenceOpenConnections();
    await sleep(1_500);
    expect(app.trayLines().at(-1)).toSatisfy(CONNECTED);

    const resumeFrom = app.lines.length;
    const resumedAt = Date.now();
    await app.command({ power: 'resume' });
    const { back } = await reconnectionAfter(app, resumeFrom, 'resume');
    expect(back.time - resumedAt).toBeLessThan(3_000);
    expect(relay.acceptedConnections).toBe(2);
    expect(app.trayLines(resumeFrom).map((line) => line.tooltip)).toContain(
      'Accolades Connector: Connecting to Accolades…',
    );
    expect(stand.ringAgent(CRM_ID, 'incoming', '0744 555 666').delivered).toBe(true);
    await until('the pop after resume', async () =>
      (await linesOf(setup.browserLog)).length === 1 ? true : undefined,
    );

    await app.command({ power: 'unlock-screen' });
    // The link was healthy here, so the new one can be up before the tray has drawn
    // "connecting" (the tray draws only the newest state once its history read is done):
    // the relay's new connection is the proof, then the tray must still say connected.
    await until('unlock-screen: a new connection', async () =>
      relay.acceptedConnections === 3 ? true : undefined,
    );
    await until('unlock-screen: connected again', async () =>
      app.trayLines().at(-1) !== undefined && CONNECTED(app.trayLines().at(-1)!) ? true : undefined,
    );
    expect(relay.acceptedConnections).toBe(3);

    await app.command({ click: 'quit' });
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const log = await linesOf(path.join(setup.root, 'logs', 'connector.log'));
    expect(log.at(-1)).toContain('stopped; quitting');
    expect(app.stderr()).toBe('');
    // Six waits in a row (each bounded at 30 s with its name); alone it takes about 7 s, under a
    // full parallel run it once went past 40 s.
  }, 90_000);
});
