// A TCP proxy that misbehaves on request, between the connector and a test server: pass
// traffic through, swallow it (a half-open link: both sockets stay up, nothing arrives),
// delay it, trickle it one byte per write, reset connections (RST), or cut them after N bytes,
// or leave the open connections half-open (the server gone, the client none the wiser).
// TLS passes through untouched, so certificate checks still happen end to end.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FaultMode {
  /** Swallow all bytes in both directions; the TCP connections stay open (half-open link). */
  blackhole?: boolean;
  /** Hold every chunk this long before forwarding it (order is kept). */
  delayMs?: number;
  /** Forward one byte per write, with a turn of the event loop between bytes. */
  oneByteAtATime?: boolean;
  /** Destroy a connection once this many bytes (both directions together) went through it. */
  closeAfterBytes?: number;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  bytes: number;
  /** This connection swallows its bytes from now on (see silenceOpenConnections). */
  silent?: boolean;
}

export class FaultProxy {
  /** The current behaviour; change it at any time, it applies to the next chunk. */
  mode: FaultMode = {};
  /** Connections accepted since start. */
  acceptedConnections = 0;
  private readonly pairs = new Set<Pair>();
  /** Client sockets left open by silenceAll(): nothing reaches them any more. */
  private readonly silenced = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** `listenPort` (default any free port) lets a test restart the proxy where clients expect it. */
  static async start(target: { host?: string; port: number }, listenPort = 0): Promise<FaultProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
    return new FaultProxy(server, { host: target.host ?? '127.0.0.1', port: target.port });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Open proxied connections. */
  get openConnections(): number {
    return this.pairs.size;
  }

  /** Abort every connection with a TCP RST on the client side (and drop the upstream). */
  resetAll(): void {
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.destroy();
    }
  }

  /**
   * The connections open now go silent (half-open: bytes swallowed both ways, both TCP
   * connections kept up), while new connections pass: a link that died in the laptop's sleep,
   * with the network fine for the next one.
   */
  silenceOpenConnections(): void {
    for (const pair of this.pairs) pair.silent = true;
  }

  /** Close every connection with a normal FIN on both sides. */
  closeAll(): void {
    for (const pair of this.pairs) {
      pair.client.end();
      pair.upstream.end();
    }
  }

  /**
   * What a suspended laptop wakes up to: the server side of every open connection is gone (the
   * server saw it close), while the client's socket stays open and nothing ever arrives on it
   * again. New connections pass as usual.
   */
  silenceAll(): void {
    for (const pair of this.pairs) {
      // Out of the set first, so the upstream's close does not end the client socket too.
      this.pairs.delete(pair);
      this.silenced.add(pair.client);
      pair.client.on('close', () => this.silenced.delete(pair.client));
      pair.upstream.destroy();
    }
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    for (const client of this.silenced) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.acceptedConnections += 1;
    const upstream = net.connect(this.target.port, this.target.host);
    const pair: Pair = { client, upstream, bytes: 0 };
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const finish = (): void => {
      if (!this.pairs.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', finish);
      socket.on('close', finish);
    }
    this.pipe(pair, client, upstream);
    this.pipe(pair, upstream, client);
  }

  /** Forward from → to through a serial queue, so delays and trickling keep byte order. */
  private pipe(pair: Pair, from: net.Socket, to: net.Socket): void {
    let queue = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      queue = queue.then(() => this.forward(pair, to, chunk)).catch(() => {});
    });
  }

  private async forward(pair: Pair, to: net.Socket, chunk: Buffer): Promise<void> {
    if (this.mode.blackhole || pair.silent) return;
    if (this.mode.delayMs) await new Promise((resolve) => setTimeout(resolve, this.mode.delayMs));
    const pieces = this.mode.oneByteAtATime ? [...chunk].map((byte) => Buffer.of(byte)) : [chunk];
    for (const piece of pieces) {
      if (to.destroyed || !this.pairs.has(pair)) return;
      to.write(piece);
      pair.bytes += piece.length;
      const limit = this.mode.closeAfterBytes;
      if (limit !== undefined && pair.bytes >= limit) {
        pair.client.destroy();
        pair.upstream.destroy();
        return;
      }
      if (this.mode.oneByteAtATime) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
