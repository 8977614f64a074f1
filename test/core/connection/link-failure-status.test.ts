// The status line says what failed and where, from the first attempt on: a refused port, a
// name that does not resolve, a certificate nobody vouches for, a server that never answers,
// and a live link that drops are each told apart over real loopback sockets.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../../electron/simulator/certificates.js';
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
afterEach(() => {
  harness?.connection.stop();
  harness = undefined;
});

async function listening(onSocket: (socket: net.Socket) => void = () => {}): Promise<net.Server> {
  const tcp = net.createServer(onSocket);
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return tcp;
}

async function backingOff(url: string, caPem: string | undefined = server.caPem): Promise<Harness> {
  const h = createHarness({ url, caPem });
  harness = h;
  h.connection.start();
  await h.waitFor(() => h.connection.state.phase === 'backing-off', 'the first failure');
  return h;
}

describe('the first failed attempt is not called "lost"', () => {
  it('a refused port names the endpoint and the retry delay', async () => {
    const tcp = await listening();
    const port = (tcp.address() as net.AddressInfo).port;
    await new Promise((resolve) => tcp.close(resolve));
    const h = await backingOff(`wss://127.0.0.1:${port}`);
    const state = h.connection.state;
    expect(state.failure).toMatchObject({ kind: 'refused', endpoint: `127.0.0.1:${port}` });
    const seconds = Math.max(1, Math.ceil(retryDelayOf(state, h.clock) / 1000));
    expect(state.statusLine).toBe(
      `Cannot reach the Accolades server at 127.0.0.1:${port} (connection refused); retrying in ${seconds} s.`,
    );
    expect(state.statusLine).not.toMatch(/lost/);
  });

  it('a host name that does not resolve is a DNS failure', async () => {
    const h = await backingOff('wss://accolades-server.invalid:14327');
    expect(h.connection.state.failure?.kind).toBe('dns');
    expect(h.connection.state.statusLine).toMatch(
      /^Cannot find the Accolades server accolades-server\.invalid \(DNS lookup failed/,
    );
  });

  it('a certificate from an unknown CA is a TLS failure', async () => {
    const other = await createCertificateAuthority('Some Other CA');
    const h = await backingOff(server.url, other.cert);
    expect(h.connection.state.failure?.kind).toBe('tls');
    expect(h.connection.state.statusLine).toMatch(
      new RegExp(
        `^The secure connection to the Accolades server at 127\\.0\\.0\\.1:${server.port} failed \\(TLS: `,
      ),
    );
  });

  it('a port that accepts and then says nothing is a timeout', async () => {
    const silent = await listening();
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const h = createHarness({ url: `wss://127.0.0.1:${port}`, caPem: server.caPem });
      harness = h;
      h.connection.start();
      await h.waitFor(() => silent.listening, 'listening');
      // The handshake timer runs on the harness's fake clock: nothing real to wait for.
      await new Promise((resolve) => setTimeout(resolve, 100));
      h.clock.advance(10_000);
      await h.waitFor(() => h.connection.state.phase === 'backing-off', 'the timeout');
      expect(h.connection.state.failure?.kind).toBe('timeout');
      expect(h.connection.state.statusLine).toMatch(
        new RegExp(
          `^The Accolades server at 127\\.0\\.0\\.1:${port} did not answer in time; retrying in \\d+ s\\.$`,
        ),
      );
    } finally {
      harness?.connection.stop();
      harness = undefined;
      silent.close();
    }
  });
});

describe('a link that was up', () => {
  it('is "lost" when the server drops it', async () => {
    const h = createHarness({ url: server.url, caPem: server.caPem });
    harness = h;
    h.connection.start();
    await h.waitForPhase('connected');
    server.terminateClients();
    await h.waitFor(() => h.connection.state.phase === 'backing-off', 'the drop');
    expect(h.connection.state.failure?.kind).toBe('lost');
    expect(h.connection.state.statusLine).toMatch(
      /^The connection to Accolades was lost \(.+\); retrying in \d+ s\.$/,
    );
  });
});
