// A minimal Accolades socket for the benchmark: wss on 127.0.0.1 with a CA minted for this run,
// answers authRequest and configuration, and lets the bench push calls and go away / come back
// on the same port. (The tests have a richer fake; the bench keeps its own so dist/ stays clean.)
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  createCertificateAuthority,
  type CertificateAuthority,
} from '../electron/simulator/certificates.js';

export class LoopbackServer {
  authenticated = 0;
  private httpsServer: https.Server | undefined;
  private wss: WebSocketServer | undefined;
  private constructor(
    readonly ca: CertificateAuthority,
    private readonly leaf: { cert: string; key: string },
    public port: number,
  ) {}

  static async start(): Promise<LoopbackServer> {
    const ca = await createCertificateAuthority('Accolades Connector Bench CA');
    const server = new LoopbackServer(ca, await ca.issueServer(), 0);
    await server.up();
    return server;
  }

  get url(): string {
    return `wss://127.0.0.1:${this.port}`;
  }

  get clients(): WebSocket[] {
    return this.wss ? [...this.wss.clients] : [];
  }

  /** Listen (again) on the same port. */
  async up(): Promise<void> {
    const httpsServer = https.createServer({ cert: this.leaf.cert, key: this.leaf.key });
    const wss = new WebSocketServer({ server: httpsServer, perMessageDeflate: false });
    wss.on('connection', (socket) => {
      socket.on('error', () => {});
      socket.on('message', (data) => {
        const text = String(data);
        if (text.includes('"authRequest"')) {
          this.authenticated += 1;
          socket.send(JSON.stringify({ type: 'authSuccess', version: '2.0.0' }));
        } else if (text.includes('"configuration"')) {
          socket.send(JSON.stringify({ type: 'configuration', account: '', phone: '', agent: '' }));
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      httpsServer.once('error', reject);
      httpsServer.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (httpsServer.address() as AddressInfo).port;
    this.httpsServer = httpsServer;
    this.wss = wss;
  }

  /** Stop listening and cut every client (the server "goes away"). */
  async down(): Promise<void> {
    const { httpsServer, wss } = this;
    this.httpsServer = undefined;
    this.wss = undefined;
    if (!httpsServer || !wss) return;
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    httpsServer.closeAllConnections();
    await new Promise<void>((resolve) => httpsServer.close(() => resolve()));
  }

  sendCall(phoneNumber: string): void {
    const frame = JSON.stringify({ type: 'incomingCall', phoneNumber });
    for (const client of this.clients) client.send(frame);
  }
}
