// One bounded HTTPS request to the admin's CRM: a timeout from the injected clock, a cap on the
// answer's size (the rest is cut off and the answer refused), no redirects followed, and a
// result instead of an exception for every way it can go wrong, in words an admin can act on.
import type http from 'node:http';
import https from 'node:https';
import type { Clock } from '../ports.js';

export type RequestFailureKind =
  'timeout' | 'network' | 'http-status' | 'unauthorized' | 'rate-limited' | 'too-large';

export type RequestResult =
  | { ok: true; status: number; body: string }
  | {
      ok: false;
      kind: RequestFailureKind;
      message: string;
      status?: number;
      /** From a 429's Retry-After (seconds), when it gave one. */
      retryAfterSeconds?: number;
    };

export interface RequestOptions {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Sent as application/json (POST). */
  body?: string;
  agent: http.Agent | undefined;
  timeoutMs: number;
  maxBytes: number;
  clock: Clock;
}

/** Retry-After as seconds (delta or HTTP date), bounded to an hour; undefined when unreadable. */
export function retryAfterSeconds(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let seconds: number;
  if (/^\d{1,9}$/.test(text)) seconds = Number(text);
  else {
    const at = Date.parse(text);
    if (!Number.isFinite(at)) return undefined;
    seconds = Math.ceil((at - nowMs) / 1000);
  }
  return Math.min(3600, Math.max(0, seconds));
}

export function httpsRequest(url: string, options: RequestOptions): Promise<RequestResult> {
  return new Promise<RequestResult>((resolve) => {
    let settled = false;
    const finish = (result: RequestResult): void => {
      if (settled) return;
      settled = true;
      options.clock.clearTimeout(timer);
      resolve(result);
    };
    const headers = { ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    let request: http.ClientRequest;
    try {
      request = https.request(url, {
        method: options.method,
        headers,
        ...(options.agent ? { agent: options.agent } : {}),
      });
    } catch (error) {
      // A header value Node refuses, an unusable URL: said as a failure, never thrown.
      resolve({ ok: false, kind: 'network', message: String((error as Error).message ?? error) });
      return;
    }
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
        finish(statusFailure(status, response.headers['retry-after'], options.clock.nowMs()));
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
            message: `the answer is larger than ${formatBytes(options.maxBytes)}; it was cut off and not used`,
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
    request.end(options.body);
  });
}

function statusFailure(
  status: number,
  retryAfter: string | undefined,
  nowMs: number,
): RequestResult & { ok: false } {
  if (status === 401 || status === 403) {
    return {
      ok: false,
      kind: 'unauthorized',
      status,
      message: `the CRM refused the API key (HTTP ${status}); check the key stored for the lookup`,
    };
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter, nowMs);
    return {
      ok: false,
      kind: 'rate-limited',
      status,
      message:
        seconds === undefined
          ? 'the CRM says too many requests (HTTP 429)'
          : `the CRM says too many requests (HTTP 429) and asks to wait ${seconds} s`,
      ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
    };
  }
  return { ok: false, kind: 'http-status', status, message: `the CRM answered HTTP ${status}` };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KB`
      : `${bytes} bytes`;
}
