// Network faults and bad frames: real TLS links through the fault proxy and the raw frame server.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../../electron/simulator/certificates.js';
import { FakeAccoladesServer } from '../../fakes/fake-accolades-server.js';
import { FaultProxy } from '../../fakes/fault-proxy.js';
import { OPCODE, RawFrameServer } from '../../fakes/raw-frame-server.js';
import { createHarness, retryDelayOf, type Harness } from './connection-harness.js';

let server: FakeAccoladesServer;
let proxy: FaultProxy;
let harness: Harness | undefined;

beforeAll(async () => {
  server = await FakeAccoladesServer.start();
  proxy = await FaultProxy.start({ port: server.port });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});
afterEach(async () => {
  harness?.connection.stop();
  expect(harness?.clock.pendingTimers() ?? 0).toBe(0);
  harness = undefined;
  proxy.mode = {};
  server.answerPings = true;
  server.auth = { kind: 'success' };
  await server.waitFor(() => server.clients.length === 0, 5_000, 'clients to go');
});

function connect(
  options: { viaProxy?: boolean; caPem?: string | undefined; url?: string } = {},
): Harness {
  const url = options.url ?? (options.viaProxy ? `wss://127.0.0.1:${proxy.port}` : server.url);
  harness = createHarness({ url, caPem: 'caPem' in options ? options.caPem : server.caPem });
  harness.connection.start();
  return harness;
}

describe('server down', () => {
  it('retries a refused port with growing full-jitter delays', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    harness = createHarness({ url: `wss://127.0.0.1:${port}`, caPem: server.caPem });
    const h = harness;
    h.connection.start();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await h.waitFor(
        () => h.connection.state.phase === 'backing-off' && h.connection.state.attempt === attempt,
        `failure ${attempt}`,
      );
      expect(h.connection.state.detail).toMatch(/ECONNREFUSED/);
      const delay = retryDelayOf(h.connection.state, h.clock);
      expect(delay).toBeLessThan(1_000 * 2 ** (attempt - 1));
      h.clock.advance(delay);
    }
  });
});

describe('calls and frames', () => {
  it('a throwing listener is logged and does not break the link', async () => {
    const h = connect();
    h.connection.on('call', () => {
      throw new Error('consumer bug');
    });
    await h.waitForPhase('connected');
    server.sendCall('inbound', '1');
    server.sendCall('inbound', '2');
    await h.waitFor(() => h.events.call.length === 2, 'two calls');
    expect(h.logger.text()).toMatch(/consumer bug/);
    expect(h.connection.state.phase).toBe('connected');
  });

  it('delivers calls with clock stamps and the raw message', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    h.clock.advance(1_234);
    server.sendCall('inbound', '0712345678');
    server.sendJson({ type: 'outgoingCall', phoneNumber: 40712345678, extra: 'kept' });
    server.sendCall('inbound', undefined);
    await h.waitFor(() => h.events.call.length === 3, 'three calls');
    expect(h.events.call[0]).toEqual({
      direction: 'inbound',
      rawNumber: '0712345678',
      receivedAt: h.clock.nowMs(),
      receivedMono: h.clock.monotonicMs(),
      message: { type: 'incomingCall', phoneNumber: '0712345678' },
    });
    expect(h.events.call[1]).toMatchObject({
      direction: 'outbound',
      rawNumber: '40712345678',
      message: { extra: 'kept' },
    });
    expect(h.events.call[2]).toMatchObject({ rawNumber: '' });
  });

  it('drops and counts malformed, binary and invalid-UTF-8 frames while the link stays up', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    server.sendRaw('not json');
    server.sendRaw(Buffer.from('{"type":"incomingCall"}'), { binary: true });
    server.sendRaw(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]));
    server.sendJson({ type: 'incomingCall', phoneNumber: 'x'.repeat(65) });
    server.sendJson({ type: 'error', code: 42 });
    server.sendJson({ type: 'somethingNew' });
    server.sendCall('inbound', '0700000000');
    await h.waitFor(() => h.events.call.length === 1, 'the call after the garbage');
    expect(h.events.droppedFrame.map((d) => d.kind)).toEqual([
      'not-json',
      'binary',
      'invalid-utf8',
      'bad-field',
    ]);
    expect(h.connection.droppedFrames).toBe(4);
    expect(h.events.droppedFrame[3]).toMatchObject({ total: 4 });
    expect(h.events.serverError).toEqual([
      { message: { type: 'error', code: 42 }, receivedAt: h.clock.nowMs() },
    ]);
    expect(h.connection.state.phase).toBe('connected');
    expect(h.sockets).toHaveLength(1);
  });

  it('an oversize frame is counted; ws (maxPayload 64 KiB) drops the link and we reconnect', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    server.sendRaw('{"type":"x","pad":"' + 'a'.repeat(70_000) + '"}');
    await h.waitForPhase('backing-off');
    expect(h.events.droppedFrame).toMatchObject([{ kind: 'oversize' }]);
    h.clock.advance(retryDelayOf(h.connection.state, h.clock));
    await h.waitForPhase('connected');
  });

  it('connectionClosed from the server → backoff, then reconnect', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    server.sendJson({ type: 'connectionClosed' });
    const state = await h.waitForPhase('backing-off');
    expect(state.detail).toBe('the server ended the session');
    expect(retryDelayOf(state, h.clock)).toBeLessThan(1_000);
    await server.waitFor(() => server.clients.length === 0, 5_000, 'client to close');
    h.clock.advance(retryDelayOf(state, h.clock));
    await h.waitForPhase('connected');
    expect(h.sockets).toHaveLength(2);
  });
});

describe('dead links', () => {
  it('pings every 15 s; a server that answers keeps the link', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    const socket = h.sockets[0]!;
    const pong = new Promise((resolve) => socket.once('pong', resolve));
    h.clock.advance(15_000);
    await pong;
    expect(server.pingsReceived).toBeGreaterThan(0);
    h.clock.advance(15_000);
    expect(h.connection.state.phase).toBe('connected');
  });

  it('a server that never answers pings is dropped after 10 s more', async () => {
    server.answerPings = false;
    const h = connect();
    await h.waitForPhase('connected');
    const pings = server.pingsReceived;
    h.clock.advance(15_000);
    await server.waitFor(() => server.pingsReceived > pings, 5_000, 'a ping');
    h.clock.advance(9_999);
    expect(h.connection.state.phase).toBe('connected');
    h.clock.advance(1);
    expect(h.connection.state).toMatchObject({
      phase: 'backing-off',
      detail: 'no answer to a ping within 10 s',
    });
  });

  it('a half-open link (fault proxy blackhole) is detected by the heartbeat', async () => {
    const h = connect({ viaProxy: true });
    await h.waitForPhase('connected');
    proxy.mode = { blackhole: true };
    // The worst case: 15 s to the next ping + 10 s without an answer.
    h.clock.advance(24_999);
    expect(h.connection.state.phase).toBe('connected');
    h.clock.advance(1);
    expect(h.connection.state.phase).toBe('backing-off');
    expect(h.logger.text()).toMatch(/half-open/);
    proxy.mode = {};
    h.clock.advance(retryDelayOf(h.connection.state, h.clock));
    await h.waitForPhase('connected');
  });

  it('latency below the heartbeat timeout does not drop the link', async () => {
    const h = connect({ viaProxy: true });
    await h.waitForPhase('connected');
    proxy.mode = { delayMs: 50 };
    const pong = new Promise((resolve) => h.sockets[0]!.once('pong', resolve));
    h.clock.advance(15_000);
    await pong;
    h.clock.advance(15_000);
    expect(h.connection.state.phase).toBe('connected');
  });

  it('RST mid-session → backing-off, then reconnects', async () => {
    const h = connect({ viaProxy: true });
    await h.waitForPhase('connected');
    proxy.resetAll();
    const state = await h.waitForPhase('backing-off');
    expect(state.detail).toMatch(/ECONNRESET|closed/);
    h.clock.advance(retryDelayOf(state, h.clock));
    await h.waitForPhase('connected');
  });

  it('1-byte TCP segments still authenticate and deliver calls', async () => {
    proxy.mode = { oneByteAtATime: true };
    const h = connect({ viaProxy: true });
    await h.waitForPhase('connected', 15_000);
    server.sendCall('inbound', '0712345678');
    await h.waitFor(() => h.events.call.length === 1, 'a trickled call', 10_000);
  });

  it('a link cut after N bytes during the TLS handshake → backing-off', async () => {
    proxy.mode = { closeAfterBytes: 200 };
    const h = connect({ viaProxy: true });
    const state = await h.waitForPhase('backing-off');
    expect(state.attempt).toBe(1);
  });

  it('a late timer (the machine slept) reconnects at once', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    h.clock.sleep(60_000);
    await h.waitFor(
      () => h.sockets.length === 2 && h.connection.state.phase === 'connected',
      'a fresh link',
    );
    expect(h.logger.text()).toMatch(/machine probably slept/);
    expect(h.connection.state.attempt).toBe(0);
  });

  it('reconnectNow() on a healthy link replaces it', async () => {
    const h = connect();
    await h.waitForPhase('connected');
    h.connection.reconnectNow('network came back');
    await h.waitFor(
      () => h.sockets.length === 2 && h.connection.state.phase === 'connected',
      'a fresh link',
    );
    await server.waitFor(() => server.clients.length === 1, 5_000, 'old link gone');
  });
});

describe('TLS and proxy', () => {
  it('refuses a server whose CA it does not trust', async () => {
    const receivedBefore = server.received.length;
    const h = connect({ caPem: undefined });
    const state = await h.waitForPhase('backing-off');
    expect(state.detail).toMatch(/self[- ]signed|unable to verify|certificate/i);
    expect(server.received).toHaveLength(receivedBefore);
  });

  it('refuses a certificate from another CA even when an extra CA is configured', async () => {
    const other = await createCertificateAuthority('Some Other CA');
    const h = connect({ caPem: other.cert });
    const state = await h.waitForPhase('backing-off');
    expect(state.detail).toMatch(/certificate/i);
  });

  it('goes through an HTTP CONNECT proxy; a 407 is reported plainly and retried slowly', async () => {
    let answer407 = true;
    const connectProxy = net.createServer((client) => {
      client.once('data', (head) => {
        if (answer407) {
          client.end(
            'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n',
          );
          return;
        }
        const [, port] = /CONNECT [^:]+:(\d+)/.exec(head.toString()) ?? [];
        const upstream = net.connect(Number(port), '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(client).pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
      });
      client.on('error', () => {});
    });
    await new Promise<void>((resolve) => connectProxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://user:wrong@127.0.0.1:${(connectProxy.address() as net.AddressInfo).port}`;
      harness = createHarness({ url: server.url, caPem: server.caPem, proxy: proxyUrl });
      const h = harness;
      h.connection.start();
      const state = await h.waitForPhase('needs-configuration');
      expect(state.detail).toMatch(/^proxy authentication failed/);
      expect(retryDelayOf(state, h.clock)).toBeGreaterThanOrEqual(60_000);
      answer407 = false;
      h.clock.advance(retryDelayOf(state, h.clock));
      await h.waitForPhase('connected');
    } finally {
      harness?.connection.stop();
      await new Promise((resolve) => connectProxy.close(resolve));
    }
  });
});

describe('hand-made frames (raw frame server)', () => {
  let raw: RawFrameServer;
  beforeAll(async () => {
    raw = await RawFrameServer.start({ ca: server.ca });
  });
  afterAll(async () => {
    await raw.close();
  });

  it('invalid UTF-8, binary and a call in 1-byte fragments: garbage dropped, call delivered, link up', async () => {
    const h = connect({ url: raw.url });
    await h.waitForPhase('connected');
    const link = await raw.connection(raw.connections.length - 1);
    link.sendFrame({ opcode: OPCODE.text, payload: Buffer.from([0xc3, 0x28]) });
    link.sendBinary(Buffer.from([1, 2, 3]));
    link.sendFragmentedText(JSON.stringify({ type: 'incomingCall', phoneNumber: '0711111111' }), 1);
    await h.waitFor(() => h.events.call.length === 1, 'the fragmented call');
    expect(h.events.call[0]).toMatchObject({ rawNumber: '0711111111' });
    expect(h.events.droppedFrame.map((d) => d.kind)).toEqual(['invalid-utf8', 'binary']);
    expect(h.connection.state.phase).toBe('connected');
    await link.waitForMessages(2);
    expect(link.json).toEqual([
      { type: 'authRequest', idCrm: 'f8cb549544' },
      { type: 'configuration' },
    ]);
  });

  it('medium frames (16-bit length) pass; a 64-bit-length oversize frame is counted', async () => {
    const h = connect({ url: raw.url });
    await h.waitForPhase('connected');
    const link = await raw.connection(raw.connections.length - 1);
    link.sendText(
      JSON.stringify({ type: 'outgoingCall', phoneNumber: '0722222222', pad: 'p'.repeat(300) }),
    );
    await h.waitFor(() => h.events.call.length === 1, 'the medium-sized call');
    link.sendText('"' + 'x'.repeat(70_000) + '"');
    await h.waitForPhase('backing-off');
    expect(h.events.droppedFrame).toMatchObject([{ kind: 'oversize' }]);
  });

  it('ws:// is allowed to loopback', async () => {
    const plain = await RawFrameServer.start();
    try {
      const h = connect({ url: plain.url });
      await h.waitForPhase('connected');
      h.connection.stop();
    } finally {
      await plain.close();
    }
  });
});
