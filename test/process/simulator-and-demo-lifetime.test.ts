// The other long-running commands as shipped: `simulator` serves until SIGTERM and then stops
// within 2 s even with a client connected; `demo` (without --once) stays up after its two calls,
// rides out a link the stand-in drops (from its control API, not by the demo), pops the next
// call rung from outside, and stops on Ctrl+C (SIGINT) within 2 s. Both exit 0.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { makeTempDir } from '../cli/cli-harness.js';
import { ensureBuilt } from './built-cli.js';
import { STARTUP_TIMEOUT_MS, childEnv, ConnectorProcess } from './connector-process.js';
import { delay, recordingBrowser, waitUntilOpened } from './process-fixtures.js';

let root: string;
let cleanup: () => Promise<void>;
const processes: ConnectorProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
  ({ dir: root, cleanup } = await makeTempDir());
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.dispose()));
  await cleanup?.();
});

async function control(base: string, route: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status}`);
  return response.json();
}

async function stopWith(proc: ConnectorProcess, signal: NodeJS.Signals) {
  if (!proc.alive) throw new Error(`not running before ${signal}\n${proc.describe()}`);
  const sentAt = Date.now();
  proc.signal(signal);
  const exit = await proc.waitForExit(2_000);
  return { ...exit, tookMs: exit.atMs - sentAt };
}

describe.concurrent('simulator and demo live until they are told to stop', () => {
  it('simulator: serves until SIGTERM, then exits 0 within 2 s with a client connected', async ({
    expect,
  }) => {
    const dir = path.join(root, 'simulator');
    await mkdir(dir, { recursive: true });
    const proc = ConnectorProcess.start(
      ['simulator', '--port', '0', '--control-port', '0', '--data-dir', path.join(dir, 'ca')],
      { cwd: dir, env: childEnv(dir) },
    );
    processes.push(proc);
    const wssLine = await proc.waitForText(/WebSocket \(accolades\.url\): (wss:\S+)/, {
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
    const wssUrl = /(wss:\S+)/.exec(wssLine.text)![1]!;
    const ca = await readFile(path.join(dir, 'ca', 'ca.pem'), 'utf8');

    // An agent's connector signs in and stays connected.
    const client = new WebSocket(wssUrl, { ca });
    const closed = new Promise<number>((resolve) => client.on('close', resolve));
    client.on('error', () => {});
    await new Promise<void>((resolve) => client.on('open', () => resolve()));
    const answer = new Promise<string>((resolve) =>
      client.once('message', (data: Buffer) => resolve(data.toString())),
    );
    client.send(JSON.stringify({ type: 'authRequest', idCrm: DEMO_AGENT_ID }));
    expect(JSON.parse(await answer)).toMatchObject({ type: 'authSuccess' });

    await delay(3_000);
    expect(proc.alive, proc.describe()).toBe(true);
    expect(await stopWith(proc, 'SIGTERM')).toMatchObject({ code: 0, signal: null });
    expect(proc.received.at(-1)?.text).toBe('Stand-in stopped.');
    await closed;
  }, 120_000);

  it('demo: up after its calls, survives a dropped link, pops a call rung from outside, Ctrl+C exits 0 within 2 s', async ({
    expect,
  }) => {
    const dir = path.join(root, 'demo');
    await mkdir(dir, { recursive: true });
    const { browser, opened } = await recordingBrowser(dir);
    const proc = ConnectorProcess.start(['demo', '--browser', browser], {
      cwd: dir,
      env: childEnv(dir),
    });
    processes.push(proc);
    const standInLine = await proc.waitForText(/^Stand-in: wss:\S+ \(control page http:\S+\/\)$/, {
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
    const controlUrl = /control page (http:\S+)\/\)$/.exec(standInLine.text)![1]!;
    await proc.waitForText(/^Call inbound 0712345678: /, { timeoutMs: STARTUP_TIMEOUT_MS });
    await proc.waitForText(/^Call outbound 0213456789: /, { timeoutMs: 30_000 });
    await proc.waitForText(/press Ctrl\+C to stop/, { timeoutMs: 10_000 });

    // The stand-in ends the session (as a server restart would); the demo did not ask for it.
    const mark = proc.mark();
    expect(await control(controlUrl, '/api/drop', { crmId: DEMO_AGENT_ID })).toEqual({
      dropped: 1,
    });
    await proc.waitForText(/^Connector: The connection to Accolades was lost/, {
      after: mark,
      timeoutMs: 10_000,
    });
    await proc.waitForText(/^Connector: Connected to Accolades: calls will open your CRM\./, {
      after: mark,
      timeoutMs: 15_000,
    });
    expect(
      await control(controlUrl, '/api/ring', {
        crmId: DEMO_AGENT_ID,
        direction: 'incoming',
        phoneNumber: '0722111222',
      }),
    ).toMatchObject({ delivered: true });
    await proc.waitForText(/^Call inbound 0722111222: /, { after: mark, timeoutMs: 10_000 });
    await waitUntilOpened(
      opened,
      `${controlUrl}/crm/contact?phone=%2B40722111222&direction=inbound`,
      10_000,
    );

    await delay(2_000);
    expect(await stopWith(proc, 'SIGINT')).toMatchObject({ code: 0, signal: null });
  }, 150_000);
});
