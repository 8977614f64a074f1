// Plain clients for the stand-in's tests: a `ws` client trusting only the minted CA, an HTTPS
// form POST and a control-API call. Nothing here is the connector's own code.
import http from 'node:http';
import https from 'node:https';
import WebSocket from 'ws';
import type { SimulatorHandle } from '../../electron/simulator/simulator.js';

export type Json = Record<string, unknown>;

/** A WebSocket client that queues every text frame as parsed JSON. */
export class TestClient {
  private readonly queue: Json[] = [];
  private readonly waiters: ((message: Json) => void)[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Json;
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.queue.push(message);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
    // Errors after the handshake end in 'close', which the tests observe.
    socket.on('error', () => undefined);
  }

  static open(url: string, ca: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { ca });
      const client = new TestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Open and authenticate; resolves with the client and the server's answer. */
  static async auth(
    sim: SimulatorHandle,
    crmId: string,
  ): Promise<{ client: TestClient; answer: Json }> {
    const client = await TestClient.open(sim.wssUrl, sim.caCert);
    client.send({ type: 'authRequest', idCrm: crmId });
    return { client, answer: await client.next() };
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  next(): Promise<Json> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Frames already received and not yet read (for "nothing else arrived" checks). */
  pending(): Json[] {
    return [...this.queue];
  }

  close(): Promise<number> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    return this.closed;
  }
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: () => Json;
}

function collect(response: http.IncomingMessage, resolve: (answer: HttpAnswer) => void): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () =>
    resolve({
      status: response.statusCode ?? 0,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as Json,
    }),
  );
}

/** A REST request to the stand-in over HTTPS, trusting only its CA. */
export function restRequest(
  sim: SimulatorHandle,
  path: string,
  body: string | Record<string, string>,
  options: { method?: string; chunked?: boolean } = {},
): Promise<HttpAnswer> {
  const text = typeof body === 'string' ? body : new URLSearchParams(body).toString();
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(path, sim.restBaseUrl),
      {
        method: options.method ?? 'POST',
        ca: sim.caCert,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(options.chunked ? {} : { 'content-length': Buffer.byteLength(text) }),
        },
      },
      (response) => collect(response, resolve),
    );
    request.on('error', reject);
    if (options.chunked) {
      // Several writes without a declared length: the server only learns the size as it reads.
      for (let offset = 0; offset < text.length; offset += 256)
        request.write(text.slice(offset, offset + 256));
      request.end();
    } else request.end(text);
  });
}

/** A control-page/API request (plain HTTP on loopback). */
export function controlRequest(
  sim: SimulatorHandle,
  method: string,
  path: string,
  body?: unknown,
  headers: http.OutgoingHttpHeaders = {},
): Promise<HttpAnswer> {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(path, sim.controlUrl),
      {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'content-length': Buffer.byteLength(text),
          ...headers,
        },
      },
      (response) => collect(response, resolve),
    );
    request.on('error', reject);
    request.end(text);
  });
}
