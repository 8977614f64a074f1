// Network and TLS faults the supervisor tests do not cover yet: 200 clients after a server
// restart (full jitter spreads them), a flapping server, a wrong host name, an expired
// certificate, an admin CA bundle, and resume (reconnectNow) through the Connector.
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AccoladesConnection } from '../../electron/core/connection/accolades-connection.js';
import {
  createCertificateAuthority,
  type CertificateAuthority,
  type ServerCertificateOptions,
} from '../../electron/simulator/certificates.js';
import { seededRandom } from '../core/connection/seeded-random.js';
import { FakeAccoladesServer } from '../fakes/fake-accolades-server.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { startSession, waitUntil, type Session } from './matrix-harness.js';
import { MatrixTally } from './tally.js';

const tally = new MatrixTally(import.meta.url);
let session: Session | undefined;
const servers: FakeAccoladesServer[] = [];

afterEach(async () => {
  await session?.close();
  session = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => tally.write());

/** A CA whose server certificates are issued with these options (wrong name, expired…). */
function issuingWith(
  ca: CertificateAuthority,
  options: ServerCertificateOptions,
): CertificateAuthority {
  return { ...ca, issueServer: () => ca.issueServer(options) };
}

/**
 * A bare Accolades stand-in on plain ws:// (allowed to loopback), so 200 clients cost no TLS
 * handshakes on the shared cores; the herd is about backoff timing, not about TLS.
 */
async function plainServer(port = 0): Promise<{
  port: number;
  accepted: () => number;
  auths: () => number;
  close: () => Promise<void>;
}> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  let accepted = 0;
  let auths = 0;
  wss.on('connection', (socket) => {
    accepted += 1;
    socket.on('error', () => {});
    socket.on('message', (data) => {
      if (String(data).includes('authRequest')) {
        auths += 1;
        socket.send(JSON.stringify({ type: 'authSuccess', version: '2.0.0' }));
      }
    });
  });
  return {
    port: (wss.address() as AddressInfo).port,
    accepted: () => accepted,
    auths: () => auths,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

describe('200 clients after a server restart', () => {
  it('full jitter spreads their reconnects across the first backoff window', async () => {
    const CLIENTS = 200;
    let server = await plainServer();
    const port = server.port;
    const clock = new FakeClock();
    const logger = new MemoryLogger();
    const clients = Array.from(
      { length: CLIENTS },
      (_, i) =>
        new AccoladesConnection({
          url: `ws://127.0.0.1:${port}`,
          crmId: `agent-${i}`,
          clock,
          random: seededRandom(7_000 + i),
          logger,
        }),
    );
    try {
      clients.forEach((c) => c.start());
      await waitUntil(() => clients.every((c) => c.state.phase === 'connected'), 'all up', 30_000);
      await server.close();
      await waitUntil(
        () => clients.every((c) => c.state.phase === 'backing-off'),
        'every client to notice the restart',
        30_000,
      );
      const delays = clients.map((c) => c.state.nextAttemptAt! - clock.nowMs());
      server = await plainServer(port);

      // Walk the injected clock through the window in 100 ms steps and count who arrives.
      const arrivals: number[] = [];
      let before = 0;
      for (let step = 1; step <= 10; step++) {
        clock.advance(100);
        const due = delays.filter((d) => d <= step * 100).length;
        await waitUntil(() => server.auths() >= due, `step ${step} arrivals`, 30_000);
        arrivals.push(server.auths() - before);
        before = server.auths();
      }
      await waitUntil(
        () => clients.every((c) => c.state.phase === 'connected'),
        'everyone re-authenticated',
        30_000,
      );
      expect(server.accepted()).toBe(CLIENTS);
      // Not a herd: every delay lies in [0, 1 s), the window is covered from end to end, and no
      // tenth of it takes more than a fifth of the crowd (uniform would be a tenth each).
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThan(1_000);
      expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(900);
      expect(arrivals.reduce((a, b) => a + b, 0)).toBe(CLIENTS);
      expect(Math.max(...arrivals)).toBeLessThanOrEqual(CLIENTS / 5);
      expect(arrivals.every((n) => n > 0)).toBe(true);
      expect(new Set(delays).size).toBeGreaterThan(CLIENTS * 0.9);
      tally.faultSurvived('server restart under 200 connected clients');
    } finally {
      clients.forEach((c) => c.stop());
      await server.close();
    }
  }, 60_000);
});

describe('flapping server', () => {
  it('drops right after every login: backoff keeps growing (no tight loop), calls in between are kept, then it settles', async () => {
    const clock = new FakeClock();
    session = await startSession({
      config: {
        screenPop: { dedupeWindowSeconds: 0, burst: 100, refillSeconds: 0 },
        rules: [{ name: 'crm', direction: 'any', open: 'https://crm.example.com/c?n={digits}' }],
      },
      connector: { clock, random: seededRandom(42) },
    });
    const s = session;
    const FLAPS = 6;
    for (let flap = 1; flap <= FLAPS; flap++) {
      s.server.sendCall('inbound', `07110000${String(flap).padStart(2, '0')}`);
      await s.waitForCalls(flap);
      s.server.terminateClients();
      await waitUntil(
        () => s.connector.state.phase === 'backing-off' && s.connector.state.attempt === flap,
        `failure ${flap}`,
      );
      const delay = s.connector.state.nextAttemptAt! - clock.nowMs();
      // The window doubles because the link never stayed up 5 s: 1, 2, 4, 8, 16, 30 s.
      expect(delay).toBeLessThan(Math.min(30_000, 1_000 * 2 ** (flap - 1)));
      clock.advance(delay);
      await waitUntil(() => s.connector.state.phase === 'connected', `reconnect ${flap}`);
    }
    expect(s.server.acceptedConnections).toBe(FLAPS + 1);
    // Stable for 5 s: the attempt counter starts over.
    clock.advance(5_000);
    expect(s.connector.state).toMatchObject({ phase: 'connected', attempt: 0 });
    await s.connector.idle();
    expect(await s.history.list()).toHaveLength(FLAPS);
    tally.faultSurvived('flapping server (6 drops right after login)');
  });
});

describe('TLS', () => {
  async function refused(options: ServerCertificateOptions): Promise<string> {
    const ca = await createCertificateAuthority();
    const server = await FakeAccoladesServer.start({ ca: issuingWith(ca, options) });
    servers.push(server);
    session = await startSession({ server, waitConnected: false });
    const s = session;
    await waitUntil(() => s.connector.state.phase === 'backing-off', 'the refusal');
    expect(server.received).toEqual([]); // no authRequest (no CRM ID) went out
    return s.connector.state.detail ?? '';
  }

  it('refuses a certificate for another host name, and keeps retrying', async () => {
    const detail = await refused({ dnsNames: ['wrong.example'], ipAddresses: [] });
    expect(detail).toMatch(/altnames|does not match|Hostname\/IP/i);
    tally.faultSurvived('TLS certificate for the wrong host name');
  });

  it('refuses an expired certificate', async () => {
    const day = 24 * 60 * 60 * 1000;
    const detail = await refused({
      notBefore: new Date(Date.now() - 60 * day),
      notAfter: new Date(Date.now() - 30 * day),
    });
    expect(detail).toMatch(/expired/i);
    tally.faultSurvived('expired TLS certificate');
  });

  it("accepts the server through the admin's CA bundle (corporate inspection), among other CAs", async () => {
    const other = await createCertificateAuthority('Some Other Corporate CA');
    const server = await FakeAccoladesServer.start();
    servers.push(server);
    session = await startSession({ server, waitConnected: false });
    const bundle = join(session.dir, 'bundle.pem');
    await writeFile(bundle, other.cert + server.caPem);
    const s = session;
    // Without the bundle the server is not trusted …
    await s.connector.applyConfig({
      ...s.connector.getConfig(),
      accolades: { ...s.connector.getConfig().accolades, caFile: undefined },
    });
    await waitUntil(() => s.connector.state.phase === 'backing-off', 'the refusal');
    expect(s.connector.state.detail).toMatch(/self[- ]signed|unable to verify|certificate/i);
    // … with it, it is.
    await s.connector.applyConfig({
      ...s.connector.getConfig(),
      accolades: { ...s.connector.getConfig().accolades, caFile: bundle },
    });
    await waitUntil(() => s.connector.state.phase === 'connected', 'connected through the bundle');
    tally.faultSurvived('TLS interception CA given by the admin');
  });
});

describe('resume / network online through the Connector', () => {
  it('reconnectNow replaces the link at once and calls keep flowing', async () => {
    session = await startSession({
      config: {
        rules: [{ name: 'crm', direction: 'any', open: 'https://crm.example.com/c?n={digits}' }],
      },
    });
    const s = session;
    s.connector.reconnectNow('the machine resumed');
    await waitUntil(
      () => s.server.acceptedConnections === 2 && s.connector.state.phase === 'connected',
      'a fresh link',
    );
    await s.server.waitFor(() => s.server.clients.length === 1, 5_000, 'the old link gone');
    s.server.sendCall('inbound', '0712345678');
    await s.waitForCalls(1);
    expect(s.calls[0]?.outcome.kind).toBe('popped');
    tally.faultSurvived('resume: reconnect at once');
  });
});
