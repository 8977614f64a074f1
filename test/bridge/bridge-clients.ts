// Test clients for the event bridge: a `ws` client that keeps every frame it gets, and a raw
// TCP client that authenticates and then stops reading (a stalled browser tab).
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import WebSocket from 'ws';

export class TestClient {
  readonly frames: Record<string, unknown>[] = [];
  closeCode: number | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Record<string, unknown>);
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  static async open(port: number, origin?: string): Promise<TestClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`, origin ? { origin } : {});
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    return client;
  }

  static async authenticated(port: number, idCrm: string, origin?: string): Promise<TestClient> {
    const client = await TestClient.open(port, origin);
    client.send({ type: 'authRequest', idCrm });
    await client.waitFor((f) => f.type === 'authSuccess');
    return client;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  ofType(type: string): Record<string, unknown>[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  async waitFor(
    match: (frame: Record<string, unknown>) => boolean,
    what = 'frame',
  ): Promise<Record<string, unknown>> {
    await this.until(() => this.frames.some(match) || this.closeCode !== undefined, what);
    const found = this.frames.find(match);
    if (!found) throw new Error(`closed (${this.closeCode}) before ${what}`);
    return found;
  }

  async waitClosed(): Promise<number> {
    await this.until(() => this.closeCode !== undefined, 'close');
    return this.closeCode!;
  }

  async until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** A client that upgrades, authenticates, then never reads again. */
export async function stalledClient(port: number, idCrm: string): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.pause();
      resolve();
    };
    socket.on('data', onData);
  });
  socket.write(maskedTextFrame(JSON.stringify({ type: 'authRequest', idCrm })));
  socket.on('error', () => {});
  return socket;
}

function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  if (payload.length > 125) throw new Error('test frame too long');
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}
