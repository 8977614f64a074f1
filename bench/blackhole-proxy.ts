// A TCP relay for the dead-link bench: passes bytes through until told to swallow them for one
// connection, leaving both TCP connections open (a half-open link, as after a NAT or Wi-Fi drop).
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export class BlackholeProxy {
  private readonly links: { client: net.Socket; upstream: net.Socket; dead: boolean }[] = [];
  private constructor(private readonly server: net.Server) {}

  static async start(targetPort: number): Promise<BlackholeProxy> {
    const server = net.createServer();
    const proxy = new BlackholeProxy(server);
    server.on('connection', (client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      const link = { client, upstream, dead: false };
      proxy.links.push(link);
      client.on('data', (chunk) => link.dead || upstream.write(chunk));
      upstream.on('data', (chunk) => link.dead || client.write(chunk));
      const end = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Connections accepted so far. */
  get count(): number {
    return this.links.length;
  }

  /** From now on, link `index` carries nothing either way. */
  blackhole(index: number): void {
    this.links[index]!.dead = true;
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
