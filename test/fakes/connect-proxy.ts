// A minimal HTTP CONNECT proxy on loopback: records every tunnel it opens, and can answer 407
// to test proxy authentication failures.
import net from 'node:net';

export class ConnectProxy {
  /** "host:port" of every CONNECT request, in order. */
  readonly tunnels: string[] = [];
  /** When true, every CONNECT gets 407 Proxy Authentication Required. */
  requireAuth = false;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(): Promise<ConnectProxy> {
    const server = net.createServer();
    const proxy = new ConnectProxy(server);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async close(): Promise<void> {
    // Tunnels may outlive their clients' interest; do not let them hold the server open.
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: net.Socket): void {
    this.track(client);
    client.on('error', () => {});
    client.once('data', (head) => {
      const match = /^CONNECT ([^\s:]+):(\d+) HTTP/.exec(head.toString('latin1'));
      if (!match) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (this.requireAuth) {
        client.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
      const [, host = '', port = ''] = match;
      this.tunnels.push(`${host}:${port}`);
      const upstream = this.track(
        net.connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(client).pipe(upstream);
        }),
      );
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }
}
