// One bounded HTTPS GET: a timeout from the injected clock, a cap on the answer's size, no
// redirects followed, and a result instead of an exception for every way it can go wrong.
import type http from 'node:http';
import https from 'node:https';
import type { Clock } from '../ports.js';

export type GetFailureKind = 'timeout' | 'network' | 'http-status' | 'too-large';

export type GetResult =
  | { ok: true; status: number; body: string }
  | { ok: false; kind: GetFailureKind; message: string; status?: number };

export interface GetOptions {
  headers: Record<string, string>;
  agent: http.Agent | undefined;
  timeoutMs: number;
  maxBytes: number;
  clock: Clock;
}

export function httpsGet(url: string, options: GetOptions): Promise<GetResult> {
  return new Promise<GetResult>((resolve) => {
    let settled = false;
    const finish = (result: GetResult): void => {
      if (settled) return;
      settled = true;
      options.clock.clearTimeout(timer);
      resolve(result);
    };
    const request = https.request(url, {
      method: 'GET',
      headers: options.headers,
      ...(options.agent ? { agent: options.agent } : {}),
    });
    const timer = options.clock.setTimeout(() => {
      finish({ ok: false, kind: 'timeout', message: `no answer within ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    timer.unref?.();
    request.on('error', (error) => finish({ ok: false, kind: 'network', message: error.message }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status === 404) {
        response.resume();
        finish({ ok: true, status, body: '' });
        return;
      }
      if (status < 200 || status > 299) {
        response.resume();
        finish({
          ok: false,
          kind: 'http-status',
          status,
          message: `the CRM answered HTTP ${status}`,
        });
        request.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          finish({
            ok: false,
            kind: 'too-large',
            message: `the answer is larger than ${options.maxBytes} bytes`,
          });
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        finish({ ok: true, status, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', (error) =>
        finish({ ok: false, kind: 'network', message: error.message }),
      );
      response.on('close', () => {
        if (!response.complete) {
          finish({ ok: false, kind: 'network', message: 'the connection closed mid-answer' });
        }
      });
    });
    request.end();
  });
}
