// The one HTTP exchange the REST client needs: POST a form body, get status + body back.
// Redirects are never followed (Node's http client does not follow them; we keep it that way),
// the timeout runs on the injected clock, and the answer size is capped.
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../ports.js';
import { systemClock } from '../system-clock.js';

export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** Rejects with HttpTransportError for timeouts and network failures. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';
  constructor(
    readonly kind: 'timeout' | 'network' | 'too-large',
    message: string,
    readonly errorCode?: string,
  ) {
    super(message);
  }
}

export interface NodeTransportOptions {
  /** An https.Agent carrying a CA bundle or a proxy (e.g. https-proxy-agent). */
  agent?: http.Agent;
  /** Extra trusted CA(s) in PEM, used when no agent is given. */
  ca?: string | Buffer | Array<string | Buffer>;
  clock?: Clock;
  /** Answers larger than this are refused (default 1 MiB; Accolades answers are tiny). */
  maxBodyBytes?: number;
}

export function nodeHttpTransport(options: NodeTransportOptions = {}): HttpTransport {
  const clock = options.clock ?? systemClock;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const isHttps = request.url.protocol === 'https:';
      const requestOptions: https.RequestOptions = {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        agent: options.agent,
      };
      if (isHttps && !options.agent && options.ca !== undefined) requestOptions.ca = options.ca;
      let settled = false;
      const finish = (error: Error | undefined, response?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        if (error) reject(error);
        else resolve(response!);
      };
      const req = (isHttps ? https : http).request(request.url, requestOptions, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) {
            finish(
              new HttpTransportError('too-large', `the answer is larger than ${maxBody} bytes`),
            );
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const headers: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          finish(undefined, {
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', (error) => finish(networkError(error)));
      });
      const timer = clock.setTimeout(() => {
        finish(new HttpTransportError('timeout', `no answer within ${request.timeoutMs} ms`));
        req.destroy();
      }, request.timeoutMs);
      req.on('error', (error) => finish(networkError(error)));
      req.end(request.body);
    });
}

function networkError(error: Error): HttpTransportError {
  const code = (error as NodeJS.ErrnoException).code;
  return new HttpTransportError('network', error.message, code);
}
