// The supervisor against the fake Accolades server over real TLS (a CA minted for this run).
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { englishStatusLine, STATUS_LINES } from '../../../electron/core/connection/status-lines.js';
import { FakeAccoladesServer } from '../../fakes/fake-accolades-server.js';
import { createHarness, retryDelayOf, type Harness } from './connection-harness.js';

let server: FakeAccoladesServer;
let harness: Harness | undefined;

beforeAll(async () => {
  server = await FakeAccoladesServer.start();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  harness?.connection.stop();
  expect(harness?.clock.pendingTimers() ?? 0).toBe(0);
  harness = undefined;
  await server.waitFor(() => server.clients.length === 0, 5_000, 'clients to go');
  server.auth = { kind: 'success' };
  server.received.length = 0;
});

function connect(): Harness {
  harness = createHarness({ url: server.url, caPem: server.caPem });
  harness.connection.start();
  return harness;
}

describe('authentication', () => {
  for (const spelling of ['authSucces', 'authSuccess'] as const) {
    it(`${spelling} → connected, asks for the configuration`, async () => {
      server.auth = { kind: 'success', spelling, version: '1.2.3' };
      const h = connect();
      const state = await h.waitForPhase('connected');
      expect(state).toMatchObject({ serverVersion: '1.2.3', statusLine: STATUS_LINES.connected });
      expect(h.states.map((s) => s.phase)).toEqual(['connecting', 'authenticating', 'connected']);
      await h.waitFor(() => h.events.configuration.length === 1, 'configuration answer');
      expect(server.received.map((r) => r.message)).toEqual([
        { type: 'authRequest', idCrm: 'f8cb549544' },
        { type: 'configuration' },
      ]);
      expect(h.events.configuration[0]).toMatchObject({
        account: {
          value: '{"crmBase":"https://crm.example.com"}',
          json: { crmBase: 'https://crm.example.com' },
        },
        phone: { value: 'plain text' },
        agent: { value: { team: 'sales' } },
        receivedAt: h.clock.nowMs(),
      });
    });
  }

  const reasons = [
    ['ID_NOT_FOUND', 'waiting-for-agent-login', 15_000, 18_750],
    ['IP_MISSMATCH', 'ip-mismatch', 60_000, 75_000],
    ['CONNECTION_EXISTS', 'slot-taken', 30_000, 37_500],
    ['SOMETHING_NEW', 'auth-rejected', 60_000, 75_000],
  ] as const;
  for (const [reason, phase, min, max] of reasons) {
    it(`authFailed ${reason} → ${phase}, its status line, a slow retry, and we close the socket`, async () => {
      server.auth = { kind: 'failed', reason };
      const h = connect();
      const state = await h.waitForPhase(phase);
      // The phase's line, with the server's reason where the phase shows it (auth-rejected).
      expect(state.statusLine).toBe(englishStatusLine({ phase, detail: reason }));
      expect(state.detail).toBe(reason);
      const delay = retryDelayOf(state, h.clock);
      expect(delay).toBeGreaterThanOrEqual(min);
      expect(delay).toBeLessThan(max);
      expect(h.clock.nextTimerDelay()).toBeLessThanOrEqual(delay);
      // We close it ourselves: the server sees the client go without closing it.
      await server.waitFor(() => server.clients.length === 0, 5_000, 'client to close');
      expect(server.acceptedConnections).toBeGreaterThan(0);
      const before = server.acceptedConnections;
      h.clock.advance(delay - 1);
      expect(server.acceptedConnections).toBe(before);
      server.auth = { kind: 'success' };
      h.clock.advance(1);
      await h.waitForPhase('connected');
      expect(server.acceptedConnections).toBe(before + 1);
    });
  }

  it('repeated ID_NOT_FOUND slows down, and a new reason starts its own pace', async () => {
    server.auth = { kind: 'failed', reason: 'ID_NOT_FOUND' };
    const h = connect();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await h.waitFor(
        () => h.connection.state.phase === 'waiting-for-agent-login' && h.sockets.length === i + 1,
        `refusal ${i}`,
      );
      delays.push(retryDelayOf(h.connection.state, h.clock));
      h.clock.advance(delays[i]!);
    }
    expect(delays[0]).toBeLessThan(18_750);
    expect(delays[1]).toBeGreaterThanOrEqual(30_000);
    expect(delays[2]).toBeGreaterThanOrEqual(60_000);
    server.auth = { kind: 'failed', reason: 'CONNECTION_EXISTS' };
    await h.waitFor(() => h.connection.state.phase === 'slot-taken', 'slot-taken');
    expect(retryDelayOf(h.connection.state, h.clock)).toBeLessThan(37_500);
    expect(h.connection.state.attempt).toBe(4);
  });

  it('handshake never answered → times out after 10 s and backs off', async () => {
    server.auth = { kind: 'silent' };
    const h = connect();
    await h.waitForPhase('authenticating');
    h.clock.advance(9_999);
    expect(h.connection.state.phase).toBe('authenticating');
    h.clock.advance(1);
    const state = h.connection.state;
    expect(state).toMatchObject({
      phase: 'backing-off',
      attempt: 1,
      detail: 'no answer from the server within 10 s',
    });
    expect(retryDelayOf(state, h.clock)).toBeLessThan(1_000);
  });

  it('reconnectNow() during a slow retry connects at once and resets the counter', async () => {
    server.auth = { kind: 'failed', reason: 'ID_NOT_FOUND' };
    const h = connect();
    await h.waitForPhase('waiting-for-agent-login');
    expect(h.connection.state.attempt).toBe(1);
    server.auth = { kind: 'success' };
    h.connection.reconnectNow('user clicked retry');
    expect(h.connection.state).toMatchObject({ phase: 'connecting', attempt: 0 });
    await h.waitForPhase('connected');
    expect(h.sockets).toHaveLength(2);
  });

  it('the attempt counter resets only after 5 s connected and authenticated', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    for (let i = 1; i <= 3; i++) {
      server.terminateClients();
      await h.waitForPhase('backing-off');
      expect(h.connection.state.attempt).toBe(i);
      h.clock.advance(retryDelayOf(h.connection.state, h.clock));
      await h.waitForPhase('connected');
    }
    h.clock.advance(4_999);
    expect(h.connection.state.attempt).toBe(3);
    h.clock.advance(1);
    expect(h.connection.state).toMatchObject({ phase: 'connected', attempt: 0 });
  });

  it('needs-configuration for an empty CRM ID or a ws:// URL to a remote host; nothing is attempted', () => {
    for (const options of [
      { url: server.url, crmId: '  ' },
      { url: 'ws://client.voipit.ro:14327', crmId: 'x' },
      { url: 'ftp://client.voipit.ro', crmId: 'x' },
    ]) {
      const h = createHarness(options);
      h.connection.start();
      expect(h.connection.state.phase).toBe('needs-configuration');
      expect(h.connection.state.detail).toMatch(/CRM ID|wss:\/\//);
      expect(h.sockets).toHaveLength(0);
      expect(h.clock.pendingTimers()).toBe(0);
      h.connection.reconnectNow('ignored');
      expect(h.sockets).toHaveLength(0);
      h.connection.stop();
      expect(h.connection.state.phase).toBe('stopped');
    }
  });

  it('stop() closes the socket, cancels every timer and stays stopped', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    h.clock.advance(15_000); // a ping is out, the pong deadline is armed
    h.connection.stop();
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.connection.state.phase).toBe('stopped');
    await server.waitFor(() => server.clients.length === 0, 5_000, 'client to go');
    h.clock.advance(120_000);
    expect(h.connection.state.phase).toBe('stopped');
    expect(h.sockets).toHaveLength(1);
    h.connection.start();
    await h.waitForPhase('connected');
    expect(h.sockets).toHaveLength(2);
  });
});
