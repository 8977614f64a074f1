// Readiness checks while backing off: a server that is back is noticed within ~2 s even when
// the full-jitter backoff drew 25 s, a server still down costs one bounded check per second
// and no extra attempts, authFailed paces and proxies are left alone, and a crowd of clients
// that all notice the return at once still arrives spread over the reconnect window.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { AccoladesConnection } from '../../../electron/core/connection/accolades-connection.js';
import {
  probeTargetOf,
  tcpConnectProbe,
  type ProbeTarget,
} from '../../../electron/core/connection/readiness-probe.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';
import { createHarness, retryDelayOf, type Harness } from './connection-harness.js';
import { scriptedRandom, seededRandom } from './seeded-random.js';

interface PlainServer {
  port: number;
  auths: () => number;
  close: () => Promise<void>;
}

/** A bare Accolades stand-in on ws:// (allowed to loopback); `failAuth` answers authFailed. */
async function plainServer(port = 0, failAuth?: string): Promise<PlainServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  let auths = 0;
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    socket.on('message', (data) => {
      if (!String(data).includes('authRequest')) return;
      auths += 1;
      socket.send(
        JSON.stringify(
          failAuth
            ? { type: 'authFailed', reason: failAuth }
            : { type: 'authSuccess', version: '2.0.0' },
        ),
      );
    });
  });
  return {
    port: (wss.address() as AddressInfo).port,
    auths: () => auths,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Let pending promise callbacks (a check's answer) run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function waitUntil(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A scripted check: answers `up`, records every call. */
function fakeProbe(): {
  up: boolean;
  calls: ProbeTarget[];
  check: (t: ProbeTarget) => Promise<boolean>;
} {
  const probe = {
    up: false,
    calls: [] as ProbeTarget[],
    check: async (target: ProbeTarget) => {
      probe.calls.push(target);
      return probe.up;
    },
  };
  return probe;
}

let harness: Harness | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  harness?.connection.stop();
  expect(harness?.clock.pendingTimers() ?? 0).toBe(0);
  harness = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A supervisor on `ws://127.0.0.1:port` (nothing listening) that has failed five times and now
 * waits out a 25.2 s backoff delay: five zero draws, then 0.84 of the 30 s cap.
 */
async function backingOff25s(
  port: number,
  probe: ReturnType<typeof fakeProbe>,
  ...afterwards: number[]
): Promise<Harness> {
  const h = createHarness({
    url: `ws://127.0.0.1:${port}`,
    random: scriptedRandom(0, 0, 0, 0, 0, 0.84, ...afterwards),
    readinessProbe: probe.check,
  });
  harness = h;
  h.connection.start();
  for (let attempt = 1; attempt <= 6; attempt++) {
    await h.waitFor(
      () => h.connection.state.phase === 'backing-off' && h.connection.state.attempt === attempt,
      `failure ${attempt}`,
    );
    if (attempt < 6) h.clock.advance(retryDelayOf(h.connection.state, h.clock));
  }
  expect(retryDelayOf(h.connection.state, h.clock)).toBe(25_200);
  expect(probe.calls).toHaveLength(0); // the short waits before were not checked
  return h;
}

describe('readiness checks while backing off', () => {
  it('server back → reconnects within ~2 s although the backoff drew 25 s', async () => {
    const port = await freePort();
    const probe = fakeProbe();
    const h = await backingOff25s(port, probe, 0.5);
    const sockets = h.sockets.length;

    for (let second = 1; second <= 3; second++) {
      h.clock.advance(1_000); // a check, server still away
      await settle();
    }
    expect(probe.calls).toHaveLength(3);
    expect(probe.calls[0]).toEqual({ host: '127.0.0.1', port, timeoutMs: 1_000 });
    expect(h.sockets).toHaveLength(sockets); // checks are not attempts

    const server = await plainServer(port);
    cleanups.push(() => server.close());
    probe.up = true;
    const backAt = h.clock.monotonicMs();
    h.clock.advance(1_000);
    await h.waitFor(() => retryDelayOf(h.connection.state, h.clock) === 500, 'the early retry');
    h.clock.advance(500);
    await h.waitForPhase('connected');
    expect(h.clock.monotonicMs() - backAt).toBeLessThanOrEqual(2_000);
    expect(h.sockets).toHaveLength(sockets + 1);
    expect(probe.calls).toHaveLength(4);
    expect(h.logger.text()).toMatch(/reconnecting early/);
  });

  it('server still down → one check a second, no extra attempts, checks end with the wait', async () => {
    const port = await freePort();
    const probe = fakeProbe();
    const h = await backingOff25s(port, probe, 0);
    const sockets = h.sockets.length;
    for (let second = 1; second <= 25; second++) {
      h.clock.advance(1_000);
      await settle();
      expect(probe.calls).toHaveLength(second);
    }
    expect(h.sockets).toHaveLength(sockets);
    // 25.2 s: the backoff attempt itself; no check is pending during it.
    h.clock.advance(200);
    expect(h.sockets).toHaveLength(sockets + 1);
    expect(probe.calls).toHaveLength(25);
    await h.waitFor(() => h.connection.state.attempt === 7, 'failure 7');
  });

  it('a check that succeeds while attempts still fail: the next wait runs in full, unchecked', async () => {
    const port = await freePort();
    const probe = fakeProbe();
    probe.up = true; // the port "accepts", the real attempt is refused
    const h = await backingOff25s(port, probe, 0.25, 0.5);
    h.clock.advance(1_000);
    await h.waitFor(() => retryDelayOf(h.connection.state, h.clock) === 250, 'the early retry');
    h.clock.advance(250);
    await h.waitFor(() => h.connection.state.attempt === 7, 'the early attempt to fail');
    expect(retryDelayOf(h.connection.state, h.clock)).toBe(15_000); // 0.5 of the 30 s cap
    const checks = probe.calls.length;
    for (let second = 1; second <= 14; second++) {
      h.clock.advance(1_000);
      await settle();
    }
    expect(probe.calls).toHaveLength(checks);
    expect(h.sockets).toHaveLength(7);
  });

  it('authFailed paces are never shortened by checks', async () => {
    const server = await plainServer(0, 'ID_NOT_FOUND');
    cleanups.push(() => server.close());
    const probe = fakeProbe();
    probe.up = true;
    const h = createHarness({
      url: `ws://127.0.0.1:${server.port}`,
      random: seededRandom(5),
      readinessProbe: probe.check,
    });
    harness = h;
    h.connection.start();
    await h.waitForPhase('waiting-for-agent-login');
    const delay = retryDelayOf(h.connection.state, h.clock);
    expect(delay).toBeGreaterThanOrEqual(15_000);
    for (let t = 1_000; t < delay; t += 1_000) {
      h.clock.advance(1_000);
      await settle();
    }
    expect(probe.calls).toHaveLength(0);
    expect(h.sockets).toHaveLength(1);
  });

  it('behind a proxy nothing is checked (a connect to the proxy proves nothing)', async () => {
    const port = await freePort();
    const probe = fakeProbe();
    const h = createHarness({
      url: `ws://127.0.0.1:${port}`,
      proxy: 'http://127.0.0.1:9',
      random: scriptedRandom(0.99),
      readinessProbe: probe.check,
    });
    harness = h;
    h.connection.start();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await h.waitFor(() => h.connection.state.attempt === attempt, `failure ${attempt}`);
      const delay = retryDelayOf(h.connection.state, h.clock);
      for (let t = 0; t < delay; t += 1_000) {
        h.clock.advance(Math.min(1_000, delay - t));
        await settle();
      }
    }
    expect(probe.calls).toHaveLength(0);
  });

  it('probeTargetOf: default ports, IPv6 brackets, unusable URLs', () => {
    expect(probeTargetOf('wss://client.voipit.ro:14327')).toEqual({
      host: 'client.voipit.ro',
      port: 14327,
    });
    expect(probeTargetOf('wss://example.com/x')).toEqual({ host: 'example.com', port: 443 });
    expect(probeTargetOf('ws://[::1]/')).toEqual({ host: '::1', port: 80 });
    expect(probeTargetOf('not a url')).toBeUndefined();
    expect(probeTargetOf('ftp://example.com')).toBeUndefined();
  });

  it('tcpConnectProbe: true for a listening port, false for a closed one', async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    expect(await tcpConnectProbe({ host: '127.0.0.1', port, timeoutMs: 2_000 })).toBe(true);
    const closed = await freePort();
    expect(await tcpConnectProbe({ host: '127.0.0.1', port: closed, timeoutMs: 2_000 })).toBe(
      false,
    );
  });
});

describe('200 clients, a long outage, then the server returns', () => {
  it('the real TCP check finds it within a second; reconnects spread over the 1 s window', async () => {
    const CLIENTS = 200;
    let server = await plainServer();
    const port = server.port;
    cleanups.push(() => server.close());
    const clock = new FakeClock();
    const logger = new MemoryLogger();
    // Backoff base = cap: the first wait after the drop is already drawn from the full 30 s
    // window, as it is for clients that have failed five times in a long outage.
    const clients = Array.from(
      { length: CLIENTS },
      (_, i) =>
        new AccoladesConnection({
          url: `ws://127.0.0.1:${port}`,
          crmId: `agent-${i}`,
          clock,
          random: seededRandom(9_000 + i),
          logger,
          timing: { backoffBaseMs: 30_000 },
        }),
    );
    cleanups.unshift(() => clients.forEach((c) => c.stop()));
    clients.forEach((c) => c.start());
    await waitUntil(() => clients.every((c) => c.state.phase === 'connected'), 'all up', 30_000);
    await server.close();
    await waitUntil(
      () => clients.every((c) => c.state.phase === 'backing-off'),
      'every client to notice',
      30_000,
    );
    const backoff = clients.map((c) => c.state.nextAttemptAt! - clock.nowMs());
    expect(Math.max(...backoff)).toBeGreaterThan(25_000);
    server = await plainServer(port);
    const before = server.auths();

    // The first check of every client is at +1 s; the real TCP connects answer in real time.
    // Quiet: every client is back, or waiting for an attempt that is not due yet.
    const quiet = (): boolean =>
      clients.every(
        (c) =>
          c.state.phase === 'connected' ||
          (c.state.phase === 'backing-off' && c.state.nextAttemptAt! > clock.nowMs()),
      );
    clock.advance(999);
    await waitUntil(quiet, 'the clients whose backoff ended first', 30_000);
    clock.advance(1);
    await waitUntil(
      () =>
        clients.every(
          (c) => c.state.phase !== 'backing-off' || c.state.nextAttemptAt! - clock.nowMs() < 1_000,
        ),
      'every check to answer',
      30_000,
    );
    const arrivals: number[] = [];
    let seen = server.auths();
    for (let step = 1; step <= 10; step++) {
      clock.advance(100);
      await waitUntil(quiet, `step ${step} logins`, 30_000);
      arrivals.push(server.auths() - seen);
      seen = server.auths();
    }
    // Everyone is back within 2 s of the return, each with exactly one attempt (no storm), and
    // no tenth of the reconnect window takes more than a fifth of the crowd.
    expect(clients.every((c) => c.state.phase === 'connected')).toBe(true);
    expect(server.auths() - before).toBe(CLIENTS);
    expect(Math.max(...arrivals)).toBeLessThanOrEqual(CLIENTS / 5);
    expect(arrivals.filter((n) => n > 0).length).toBeGreaterThanOrEqual(9);
  }, 60_000);
});
