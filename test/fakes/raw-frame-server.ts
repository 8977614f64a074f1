// A WebSocket server that writes frames by hand after a real HTTP upgrade, to send what a
// well-behaved library never would: invalid UTF-8 in text frames, oversize frames, a message
// cut into many tiny fragments, binary frames, arbitrary bytes. It still speaks enough of the
// protocol (auth answer, pong, close) to get a client into the connected state first.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { CertificateAuthority } from '../../electron/simulator/certificates.js';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

export interface RawFrame {
  fin?: boolean;
  opcode: number;
  payload: Buffer;
}

/** Encode one server→client frame (servers never mask). */
export function encodeFrame({ fin = true, opcode, payload }: RawFrame): Buffer {
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.of((fin ? 0x80 : 0) | opcode, payload.length);
  } else if (payload.length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(payload.length, 2);
    header[1] = 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(BigInt(payload.length), 2);
    header[1] = 127;
  }
  header[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([header, payload]);
}

export class RawConnection {
  /** Complete messages from the client (fragments joined), pings/pongs/close excluded. */
  readonly messages: { opcode: number; payload: Buffer }[] = [];
  /** Reply `authSuccess` to an authRequest, so the client reaches "connected". */
  answerAuth = true;
  private readonly waiters = new Set<() => void>();
  private buffered = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {});
  }

  /** The client's messages decoded as JSON (non-JSON skipped). */
  get json(): unknown[] {
    return this.messages.flatMap((m) => {
      try {
        return [JSON.parse(m.payload.toString('utf8')) as unknown];
      } catch {
        return [];
      }
    });
  }

  /** Resolves once the client has sent `count` messages; rejects after timeoutMs. */
  async waitForMessages(count: number, timeoutMs = 5_000): Promise<void> {
    if (this.messages.length >= count) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.messages.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`raw frame server: fewer than ${count} messages within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  sendFrame(frame: RawFrame): void {
    this.socket.write(encodeFrame(frame));
  }

  sendText(text: string | Buffer): void {
    this.sendFrame({ opcode: OPCODE.text, payload: Buffer.from(text) });
  }

  sendBinary(payload: Buffer): void {
    this.sendFrame({ opcode: OPCODE.binary, payload });
  }

  /** One text message cut into fragments of `pieceBytes` (the first a text frame, then continuations). */
  sendFragmentedText(text: string, pieceBytes = 1): void {
    const bytes = Buffer.from(text);
    for (let offset = 0; offset < bytes.length; offset += pieceBytes) {
      const last = offset + pieceBytes >= bytes.length;
      this.sendFrame({
        fin: last,
        opcode: offset === 0 ? OPCODE.text : OPCODE.continuation,
        payload: bytes.subarray(offset, offset + pieceBytes),
      });
    }
  }

  /** Bytes straight onto the socket, no framing at all. */
  sendRawBytes(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const frame = this.takeFrame();
      if (!frame) return;
      this.onFrame(frame);
    }
  }

  /** Decode one masked client frame from the buffer, or undefined when incomplete. */
  private takeFrame(): RawFrame | undefined {
    const b = this.buffered;
    if (b.length < 2) return undefined;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const masked = (b[1]! & 0x80) !== 0;
    const maskOffset = offset;
    if (masked) offset += 4;
    if (b.length < offset + length) return undefined;
    const payload = Buffer.from(b.subarray(offset, offset + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= b[maskOffset + (i % 4)]!;
    this.buffered = b.subarray(offset + length);
    return { fin: (b[0]! & 0x80) !== 0, opcode: b[0]! & 0x0f, payload };
  }

  private onFrame(frame: RawFrame): void {
    if (frame.opcode === OPCODE.ping)
      return this.sendFrame({ opcode: OPCODE.pong, payload: frame.payload });
    if (frame.opcode === OPCODE.pong) return;
    if (frame.opcode === OPCODE.close) {
      this.sendFrame({ opcode: OPCODE.close, payload: frame.payload.subarray(0, 2) });
      this.socket.end();
      return;
    }
    if (frame.opcode !== OPCODE.continuation) this.fragmentOpcode = frame.opcode;
    this.fragments.push(frame.payload);
    if (!frame.fin) return;
    const message = { opcode: this.fragmentOpcode, payload: Buffer.concat(this.fragments) };
    this.fragments = [];
    this.messages.push(message);
    for (const waiter of [...this.waiters]) waiter();
    if (
      this.answerAuth &&
      message.opcode === OPCODE.text &&
      message.payload.includes('"authRequest"')
    ) {
      this.sendText(JSON.stringify({ type: 'authSuccess', version: 'raw' }));
    }
  }
}

export class RawFrameServer {
  readonly connections: RawConnection[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: http.Server,
    readonly scheme: 'ws' | 'wss',
  ) {
    server.on('upgrade', (req: http.IncomingMessage, socket: Socket) => {
      const key = req.headers['sec-websocket-key'];
      if (typeof key !== 'string') return socket.destroy();
      const accept = createHash('sha1')
        .update(key + WS_GUID)
        .digest('base64');
      socket.setNoDelay(true);
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.connections.push(new RawConnection(socket));
      for (const waiter of [...this.waiters]) waiter();
    });
  }

  /** With a CA: TLS (wss://) using a certificate it issues; without: plain ws:// on loopback. */
  static async start(options: { ca?: CertificateAuthority } = {}): Promise<RawFrameServer> {
    let server: http.Server;
    if (options.ca) {
      const leaf = await options.ca.issueServer();
      server = https.createServer({ cert: leaf.cert, key: leaf.key });
    } else {
      server = http.createServer();
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new RawFrameServer(server, options.ca ? 'wss' : 'ws');
  }

  get url(): string {
    return `${this.scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves with connection number `index` (0-based) once it has been upgraded. */
  async connection(index = 0, timeoutMs = 5_000): Promise<RawConnection> {
    const existing = this.connections[index];
    if (existing) return existing;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!this.connections[index]) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`raw frame server: no connection #${index} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
    return this.connections[index]!;
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
