// `run` as shipped (the built bin/accolades-connector.js in a child process) through the
// outages of a working day: the server down when it starts, the link reset, closed and the
// server restarted, and the machine suspended past the heartbeat timeout. Each time the process
// must stay up, come back within the backoff bound and pop the next call, and the history file
// must hold every call the stand-in delivered. The scenarios are independent and mostly wait,
// so they run concurrently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CONNECTION_TIMING } from '../../electron/core/connection/connection-timing.js';
import type { SimulatorTls } from '../../electron/simulator/index.js';
import { FaultProxy } from '../fakes/fault-proxy.js';
import { makeTempDir } from '../cli/cli-harness.js';
import { ensureBuilt } from './built-cli.js';
import {
  STARTUP_TIMEOUT_MS,
  childEnv,
  ConnectorProcess,
  isCall,
  isState,
  type StateLine,
} from './connector-process.js';
import {
  CRM_RULE,
  crmUrl,
  delay,
  freePort,
  mintTls,
  numberSeries,
  readHistory,
  recordingBrowser,
  StandIn,
  waitUntilOpened,
  writeRunConfig,
} from './process-fixtures.js';

let root: string;
let cleanup: () => Promise<void>;
let tls: SimulatorTls;
let caFile: string;
const processes: ConnectorProcess[] = [];
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  await ensureBuilt();
  ({ dir: root, cleanup } = await makeTempDir());
  tls = await mintTls();
  caFile = path.join(root, 'ca.pem');
  await writeFile(caFile, tls.caCert);
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.dispose()));
  for (const close of closers) await close();
  await cleanup?.();
});

/** A `run` child with its own data folder and recording browser. */
async function startRun(name: string, port: number) {
  const dir = path.join(root, name);
  const dataDir = path.join(dir, 'data');
  await mkdir(dir, { recursive: true });
  const { browser, opened } = await recordingBrowser(dir);
  const config = await writeRunConfig(
    dir,
    'config.json',
    { port, caFile },
    {
      // These calls come seconds apart on purpose; the flood limit is not what is tested here.
      screenPop: { browser, burst: 20 },
      rules: [CRM_RULE],
    },
  );
  const proc = ConnectorProcess.start(['run', '--config', config, '--data-dir', dataDir], {
    cwd: dir,
    env: childEnv(dir),
  });
  processes.push(proc);
  return { proc, dataDir, opened };
}

/** The full-jitter window of retry number `attempt` (1-based, as the state line counts). */
function backoffWindowMs(attempt: number): number {
  const { backoffBaseMs, backoffCapMs } = DEFAULT_CONNECTION_TIMING;
  return Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}

/** The delay a backing-off line announced, checked against the backoff bound. */
function plannedDelayMs(line: StateLine): number {
  expect(line.nextAttemptAt, 'a backing-off line says when the next attempt comes').toBeTypeOf(
    'number',
  );
  const planned = line.nextAttemptAt! - Date.parse(line.time!);
  expect(planned).toBeLessThanOrEqual(backoffWindowMs(line.attempt));
  return planned;
}

/** Slack for a loaded machine on top of a planned delay: TLS handshake, sign-in, scheduling. */
const SLACK_MS = 5_000;

describe.concurrent('run keeps going through outages (built binary, child process)', () => {
  it('server down at start for 10 s, then up: still alive, connects, pops the next call', async () => {
    const port = await freePort();
    const { proc, dataDir, opened } = await startRun('down-at-start', port);
    const first = await proc.waitForLine(isState('backing-off'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'the first backing-off line',
    });
    // A first attempt that fails is not "lost": it says what failed, and where.
    expect(first.failure?.kind).toBe('refused');
    expect(first.statusLine).toMatch(
      new RegExp(
        `^Cannot reach the Accolades server at 127\\.0\\.0\\.1:${port} \\(connection refused\\); retrying in \\d+ s\\.$`,
      ),
    );

    await delay(10_000);
    expect(proc.alive, proc.describe()).toBe(true);
    const refusals = proc.lines.filter(isState('backing-off'));
    // Attempts keep coming (windows of 1, 2, 4, 8 s: at least three in 10 s), all "refused".
    expect(refusals.length).toBeGreaterThanOrEqual(3);
    expect(refusals.map((l) => l.failure?.kind)).toEqual(refusals.map(() => 'refused'));
    for (const line of refusals) plannedDelayMs(line);

    const mark = proc.mark();
    const standIn = await StandIn.start(tls, port);
    closers.push(() => standIn.down());
    const upAt = Date.now();
    const lastPlan = refusals.at(-1)!.nextAttemptAt!;
    const connected = await proc.waitForLine(isState('connected'), {
      after: mark,
      timeoutMs: 30_000,
      what: 'connected after the server came up',
    });
    // The readiness check notices the server within about a second; at worst the retry that
    // was already planned comes. Either way, no later than that plus the slack.
    expect(connected.receivedAtMs).toBeLessThanOrEqual(
      Math.max(upAt + DEFAULT_CONNECTION_TIMING.probeIntervalMs * 2, lastPlan) + SLACK_MS,
    );

    expect(standIn.ring('incoming', '0712345678')).toBe(true);
    const call = await proc.waitForLine(isCall('0712345678'), { timeoutMs: 10_000 });
    expect(call.outcome).toEqual({ kind: 'popped' });
    await waitUntilOpened(opened, crmUrl('+40712345678', 'inbound'), 10_000);

    proc.signal('SIGTERM');
    expect(await proc.waitForExit(2_000)).toMatchObject({ code: 0, signal: null });
    expect((await readHistory(dataDir)).map((r) => r.number.raw)).toEqual(['0712345678']);
  }, 120_000);

  it('link reset, closed by the server, cut by a FIN, server restarted (down 6 s): reconnects within the backoff bound each time, no call lost', async () => {
    const standIn = await StandIn.start(tls);
    let proxy = await FaultProxy.start({ port: standIn.port });
    const proxyPort = proxy.port;
    closers.push(async () => {
      await proxy.close();
      await standIn.down();
    });
    const { proc, dataDir, opened } = await startRun('drops', proxyPort);
    const next = numberSeries('0722000');
    const sent: string[] = [];

    const popOne = async (direction: 'incoming' | 'outgoing'): Promise<void> => {
      const number = next();
      expect(standIn.ring(direction, number), `stand-in delivered ${number}`).toBe(true);
      sent.push(number);
      const call = await proc.waitForLine(isCall(number), { timeoutMs: 10_000 });
      expect(call.outcome).toEqual({ kind: 'popped' });
      expect(call.actions).toMatchObject([{ kind: 'open', ok: true }]);
      const inOrOut = direction === 'incoming' ? 'inbound' : 'outbound';
      await waitUntilOpened(opened, crmUrl(`+40${number.slice(1)}`, inOrOut), 10_000);
    };

    /** Drops the link one way and checks the way back: "lost", a bounded delay, connected. */
    const dropAndRecover = async (how: string, drop: () => void): Promise<void> => {
      const mark = proc.mark();
      drop();
      const lost = await proc.waitForLine(isState('backing-off'), {
        after: mark,
        timeoutMs: 10_000,
        what: `backing-off after ${how}`,
      });
      expect(lost.failure?.kind, how).toBe('lost');
      expect(lost.statusLine).toMatch(
        /^The connection to Accolades was lost \(.+\); retrying in \d+ s\.$/,
      );
      const planned = plannedDelayMs(lost);
      const back = await proc.waitForLine(isState('connected'), {
        after: mark,
        timeoutMs: 30_000,
        what: `connected again after ${how}`,
      });
      expect(back.receivedAtMs - lost.receivedAtMs, how).toBeLessThanOrEqual(planned + SLACK_MS);
      await popOne('incoming');
      await popOne('outgoing');
    };

    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected',
    });
    await popOne('incoming');

    await dropAndRecover('a TCP reset', () => proxy.resetAll());
    await dropAndRecover('connectionClosed and a close frame', () => {
      expect(standIn.handle.dropAgent()).toBe(1);
    });
    await dropAndRecover('a FIN without a close frame', () => proxy.closeAll());

    // The server restarts: down for 6 s (connections refused), then up on the same port.
    const mark = proc.mark();
    await proxy.close();
    await standIn.down();
    await delay(6_000);
    expect(proc.alive, proc.describe()).toBe(true);
    const whileDown = proc.received
      .slice(mark)
      .flatMap((e) => (e.json && isState('backing-off')(e.json) ? [e.json] : []));
    // The drop itself is "lost"; attempts while it is down (as many as the backoff allows) are
    // refused, and say so.
    expect(whileDown[0]?.failure?.kind).toBe('lost');
    expect(new Set(whileDown.slice(1).map((l) => l.failure?.kind))).toEqual(
      new Set(whileDown.length > 1 ? ['refused'] : []),
    );
    for (const line of whileDown) plannedDelayMs(line);
    const lastPlan = whileDown.at(-1)!.nextAttemptAt!;
    await standIn.up();
    proxy = await FaultProxy.start({ port: standIn.port }, proxyPort);
    const upAt = Date.now();
    const back = await proc.waitForLine(isState('connected'), {
      after: mark,
      timeoutMs: 30_000,
      what: 'connected after the restart',
    });
    expect(back.receivedAtMs).toBeLessThanOrEqual(
      Math.max(upAt + DEFAULT_CONNECTION_TIMING.probeIntervalMs * 2, lastPlan) + SLACK_MS,
    );
    await popOne('incoming');

    proc.signal('SIGTERM');
    expect(await proc.waitForExit(2_000)).toMatchObject({ code: 0, signal: null });
    // Every call the stand-in delivered is in the history, in order: none lost.
    const history = await readHistory(dataDir);
    expect(history.map((r) => r.number.raw)).toEqual(sent);
    expect(history.every((r) => r.outcome.kind === 'popped')).toBe(true);
    expect((await opened()).length).toBe(sent.length);
  }, 150_000);

  it('SIGSTOP past the heartbeat timeout, then SIGCONT: the dead link is replaced within seconds of waking', async () => {
    const standIn = await StandIn.start(tls);
    const proxy = await FaultProxy.start({ port: standIn.port });
    closers.push(async () => {
      await proxy.close();
      await standIn.down();
    });
    const { proc, dataDir } = await startRun('suspend', proxy.port);
    await proc.waitForLine(isState('connected'), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: 'connected',
    });
    expect(standIn.ring('incoming', '0733000001')).toBe(true);
    await proc.waitForLine(isCall('0733000001'), { timeoutMs: 10_000 });

    // The lid closes: the process stops, and while it sleeps the server drops the agent; the
    // connector's socket stays open with nothing behind it (half-open).
    proc.signal('SIGSTOP');
    proxy.silenceAll();
    // Longer than the pong timeout, and long enough that a 5 s tick is > 15 s late on waking.
    const { pongTimeoutMs, tickIntervalMs, lateTickThresholdMs } = DEFAULT_CONNECTION_TIMING;
    const sleepMs = Math.max(pongTimeoutMs, tickIntervalMs + lateTickThresholdMs) + 2_000;
    await delay(sleepMs);
    const mark = proc.mark();
    const wokeAt = Date.now();
    proc.signal('SIGCONT');

    // The heartbeat alone would notice only when the ping sent on waking goes unanswered
    // (pong timeout, 10 s); the sleep detector replaces the link at once.
    const back = await proc.waitForLine(isState('connected'), {
      after: mark,
      timeoutMs: 30_000,
      what: 'connected again after waking',
    });
    expect(back.receivedAtMs - wokeAt).toBeLessThanOrEqual(pongTimeoutMs - 5_000);
    expect(proc.stderr).toContain('woke up from sleep');
    expect(standIn.ring('incoming', '0733000002')).toBe(true);
    const call = await proc.waitForLine(isCall('0733000002'), { timeoutMs: 10_000 });
    expect(call.outcome).toEqual({ kind: 'popped' });

    proc.signal('SIGTERM');
    expect(await proc.waitForExit(2_000)).toMatchObject({ code: 0, signal: null });
    expect((await readHistory(dataDir)).map((r) => r.number.raw)).toEqual([
      '0733000001',
      '0733000002',
    ]);
  }, 150_000);
});
