// 1c. Frame → CRM tab navigating (the browser companion extension, issue 13) next to frame →
// browser launched through `open`, in one run, calls alternating.
// Tab path: the built CLI with the bridge on, Debian's Chromium with the built extension and an
// open CRM tab (a loopback page); the figure ends at the extension's webNavigation.onBeforeNavigate
// timeStamp, which it reports over the bridge and the CLI prints (`tabNavigating`). That stamp is
// wall-clock milliseconds, so this leg starts from performance.timeOrigin + performance.now()
// read just before the stand-in sends the frame (one wall clock, same machine).
// Launch path: bench/bare-open-client.ts through the `open` package (xdg-open) to the recording
// program of bench/e2e-launch.ts, timed on CLOCK_MONOTONIC exactly as row 1b is.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { CliProcess, sleep } from './cli-process.js';
import { recordingDesktop } from './e2e-launch.js';
import { RestartableStandIn } from './restartable-standin.js';
import { percentile, round } from './stats.js';

export interface TabNavigateResult {
  calls: number;
  pauseMs: number;
  tab: { p50Ms: number; p99Ms: number };
  launch: { p50Ms: number; p99Ms: number };
  /** launch / tab: how many times faster the tab path is. */
  speedupP50: number;
  speedupP99: number;
  /** Pops that did not go to the tab (should be 0). */
  notInTab: number;
}

const BARE_CLIENT = fileURLToPath(new URL('./bare-open-client.js', import.meta.url));
const EXTENSION = fileURLToPath(new URL('../browser-extension/chromium', import.meta.url));
const TOKEN = 'bench-tab-token';

const wallMs = (): number => performance.timeOrigin + performance.now();
const stats = (samples: number[]) => ({
  p50Ms: round(percentile(samples, 50), 1),
  p99Ms: round(percentile(samples, 99), 1),
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function launchedAt(log: string, digits: string, timeoutMs = 15_000): Promise<bigint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const line = text.split('\n').find((l) => l.includes('phone=') && l.endsWith(digits));
    if (line) return BigInt(line.split(' ')[0]!);
    if (Date.now() > deadline) throw new Error(`no launch recorded for ${digits}`);
    await sleep(5);
  }
}

export async function benchTabNavigate(calls = 50, pauseMs = 300): Promise<TabNavigateResult> {
  if (!existsSync(join(EXTENSION, 'manifest.json')))
    throw new Error(`${EXTENSION} is missing: npm run build builds it`);
  const dir = await mkdtemp(join(tmpdir(), 'bench-tab-'));
  const stand = await RestartableStandIn.start(join(dir, 'stand-in'));
  const { env, log } = await recordingDesktop(dir);
  const crm = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>CRM</title>');
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  const crmOrigin = `http://127.0.0.1:${(crm.address() as AddressInfo).port}`;
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`;
  const bridgePort = await freePort();
  const config = join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      accolades: { url: stand.wssUrl, crmId: 'demo-agent-1', caFile: stand.caFile },
      screenPop: { burst: 3, refillSeconds: 0.1, allowHttp: true },
      rules: [{ name: 'Web CRM', direction: 'inbound', open: `${crmOrigin}/c?phone={e164}` }],
      bridge: { enabled: true, port: bridgePort, allowedOrigins: [extensionOrigin] },
    }),
  );
  const cli = CliProcess.start(['run', '--config', config, '--data-dir', join(dir, 'data')], {
    ...env,
    ACCOLADES_BRIDGE_TOKEN: TOKEN,
  });
  const bare = spawn(process.execPath, [BARE_CLIENT, stand.wssUrl, stand.caFile, 'demo-agent-2'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await cli.connected();
    await new Promise<void>((resolve, reject) => {
      bare.once('exit', (code) => reject(new Error(`the bare client ended (status ${code})`)));
      createInterface({ input: bare.stdout! }).on('line', (l) => l === 'ready' && resolve());
    });
    const page = await context.newPage();
    await page.goto(`${crmOrigin}/home`);
    await worker.evaluate(
      (values) =>
        (
          globalThis as unknown as {
            chrome: { storage: { local: { set(v: object): Promise<void> } } };
          }
        ).chrome.storage.local.set(values),
      { bridgePort, token: TOKEN },
    );
    await cli.waitFor(
      'the extension on the bridge',
      (line) =>
        (line.type === 'bridgeClients' &&
          (line.clients as Array<{ tabs?: boolean }>).some((c) => c.tabs)) === true,
    );
    const samples = { tab: [] as number[], launch: [] as number[] };
    let notInTab = 0;
    let n = 0;
    const oneCall = async (who: 'tab' | 'launch', keep: boolean): Promise<void> => {
      const digits = String(30_000_000 + n++).padStart(8, '0');
      const from = cli.lines.length;
      const sentWall = wallMs();
      const sentMono = process.hrtime.bigint();
      const { delivered } = stand.handle.ringAgent(
        who === 'tab' ? 'demo-agent-1' : 'demo-agent-2',
        'incoming',
        `07${digits}`,
      );
      if (!delivered) throw new Error(`the stand-in could not deliver to the ${who} client`);
      if (who === 'tab') {
        const navigating = await cli.waitFor(
          'tabNavigating',
          (line) => line.type === 'tabNavigating',
          from,
          15_000,
        );
        const call = await cli.waitFor('the call line', (line) => line.type === 'call', from);
        const via = (call.actions as Array<{ via?: string }>)[0]?.via ?? '';
        if (!via.startsWith('tab ')) notInTab += 1;
        if (keep) samples.tab.push((navigating.timeStamp as number) - sentWall);
      } else {
        const at = await launchedAt(log, `407${digits}`);
        if (keep) samples.launch.push(Number(at - sentMono) / 1e6);
      }
      await sleep(pauseMs);
    };
    for (let i = 0; i < 5; i++)
      for (const who of ['tab', 'launch'] as const) await oneCall(who, false);
    for (let i = 0; i < calls; i++)
      for (const who of ['tab', 'launch'] as const) await oneCall(who, true);
    const tab = stats(samples.tab);
    const launch = stats(samples.launch);
    return {
      calls,
      pauseMs,
      tab,
      launch,
      speedupP50: round(launch.p50Ms / tab.p50Ms, 1),
      speedupP99: round(launch.p99Ms / tab.p99Ms, 1),
      notInTab,
    };
  } finally {
    await cli.stop();
    bare.kill('SIGTERM');
    await context.close();
    crm.closeAllConnections();
    crm.close();
    await stand.down();
    await rm(dir, { recursive: true, force: true });
  }
}
