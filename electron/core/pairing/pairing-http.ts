// The loopback HTTP endpoint the hosted connector (a page on the Accolades site) posts the
// agent's ID to. Browsers only let a public page reach 127.0.0.1 after CORS and, in Chromium,
// a Private Network Access preflight; both are answered only for the Origins the admin allows.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../bridge/loopback.js';
import type { Clock, Logger } from '../ports.js';
import { safeJsonParse } from '../protocol/safe-json.js';
import { TokenBucket } from '../screen-pop/token-bucket.js';
import { parsePairingInput, type PairingInput } from './pairing-input.js';

export const PAIR_PATH = '/pair';
const MAX_BODY_BYTES = 1024;

export interface PairingAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface PairingHttpOptions {
  port: number;
  logger: Logger;
  clock: Clock;
  allowedOrigins: () => readonly string[];
  /** Decides what happens with a valid request (pending confirmation, already paired…). */
  onPair: (input: PairingInput, origin: string) => PairingAnswer;
  /** Requests allowed at once, then one per refillMs. Default 5, then one every 6 s. */
  rateLimit?: { burst: number; refillMs: number };
}

export class PairingHttpServer {
  /** Counters for the tray's diagnostics and for tests. */
  readonly counters = { preflights: 0, accepted: 0, refused: 0, limited: 0 };
  private readonly bucket = new TokenBucket();
  private boundPort = 0;

  private constructor(
    private readonly http: Server,
    private readonly options: PairingHttpOptions,
  ) {
    http.on('request', (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        options.logger.error('pairing request failed', { error: String(error) });
        if (!res.headersSent) this.reply(res, undefined, 500, { error: 'internal error' });
      });
    });
    http.on('clientError', (_error, socket) => socket.destroy());
    http.requestTimeout = 5_000;
    http.headersTimeout = 5_000;
  }

  static async start(options: PairingHttpOptions): Promise<PairingHttpServer> {
    const server = new PairingHttpServer(createServer(), options);
    server.boundPort = await listenOnLoopback(server.http, options.port, 'pairing endpoint');
    options.logger.info(
      `pairing endpoint listening on http://127.0.0.1:${server.boundPort}${PAIR_PATH}`,
    );
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  async close(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    const path = (req.url ?? '').split('?')[0];
    if (path !== PAIR_PATH) return this.reply(res, undefined, 404, { error: 'not found' });
    const allowed = origin !== undefined && this.options.allowedOrigins().includes(origin);
    if (!allowed) {
      // No CORS headers: the browser hides the answer from the page. No Origin at all means a
      // local program, which has no business pairing through a web page's endpoint.
      this.counters.refused += 1;
      this.options.logger.warn(
        `pairing refused for ${origin === undefined ? 'a request without an Origin' : origin} (not in pairing.allowedOrigins)`,
      );
      req.resume();
      return this.reply(res, undefined, 403, { error: 'origin not allowed' });
    }
    if (req.method === 'OPTIONS') return this.preflight(req, res, origin);
    if (req.method !== 'POST') {
      req.resume();
      return this.reply(res, origin, 405, { error: 'use POST' }, { allow: 'POST, OPTIONS' });
    }
    const limit = this.options.rateLimit ?? { burst: 5, refillMs: 6_000 };
    if (!this.bucket.tryTake(this.options.clock.monotonicMs(), limit)) {
      this.counters.limited += 1;
      req.resume();
      return this.reply(res, origin, 429, { error: 'too many pairing requests; try again later' });
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      return this.reply(res, origin, 415, { error: 'send application/json' });
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return this.reply(res, origin, 413, { error: 'request too large' });
    const json = safeJsonParse(body);
    const input = json.ok
      ? parsePairingInput(json.value)
      : { ok: false as const, error: 'not JSON' };
    if (!input.ok) {
      this.options.logger.warn(`pairing request from ${origin} refused: ${input.error}`);
      return this.reply(res, origin, 400, { error: input.error });
    }
    this.counters.accepted += 1;
    const answer = this.options.onPair(input.value, origin);
    return this.reply(res, origin, answer.status, answer.body);
  }

  private preflight(req: IncomingMessage, res: ServerResponse, origin: string): void {
    this.counters.preflights += 1;
    req.resume();
    if ((req.headers['access-control-request-method'] ?? '').toUpperCase() !== 'POST') {
      return this.reply(res, origin, 405, { error: 'only POST is allowed' });
    }
    const extra: Record<string, string> = {
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Content-Type',
      'access-control-max-age': '600',
    };
    // Chromium's Private Network Access: a public page may reach 127.0.0.1 only if we say so.
    if (req.headers['access-control-request-private-network'] === 'true') {
      extra['access-control-allow-private-network'] = 'true';
    }
    res.writeHead(204, { ...corsHeaders(origin), ...extra, 'content-length': '0' });
    res.end();
  }

  private reply(
    res: ServerResponse,
    origin: string | undefined,
    status: number,
    body: Record<string, unknown>,
    extra: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...(origin ? corsHeaders(origin) : {}),
      ...extra,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }
}

function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** The body as text, or undefined when it is larger than maxBytes (the rest is discarded). */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    else chunks.push(chunk);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}
