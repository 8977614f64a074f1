// The IVR "HTTP Request" step (accolades-api.md §5) as the stand-in can play it for
// integrators: variables written as `name=value&...` with `$_callerId`, `$_destinationNumber`,
// `$_callId`, `$_dateNow` substituted, sent by GET (query) or POST (form body); the answer is
// parsed as a JSON object the way "JSON response processing" would.
import http from 'node:http';
import https from 'node:https';

export interface IvrRequest {
  /** http(s) URL of the integrator's script. */
  url: string;
  method?: 'GET' | 'POST';
  /** URL-encoded `name1=value1&name2=$_callerId`, as typed in the IVR step. */
  variables?: string;
  callerId?: string;
  destinationNumber?: string;
  callId?: string;
  /** Extra CA (PEM) for an https URL. */
  ca?: string;
}

export interface IvrAnswer {
  /** What was sent, after substitution. */
  fields: Record<string, string>;
  status?: number;
  /** The answer as a JSON object, when it was one. */
  json?: Record<string, unknown>;
  error?: string;
}

const TIMEOUT_MS = 5000;
const MAX_ANSWER_BYTES = 64 * 1024;

function dateNow(now: number): string {
  return new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Parse `a=1&b=$_callerId` and substitute the built-in variables into the values. */
export function ivrFields(request: IvrRequest, now: number): Record<string, string> {
  const builtIns: Record<string, string> = {
    $_callerId: request.callerId ?? '',
    $_destinationNumber: request.destinationNumber ?? '',
    $_callId: request.callId ?? '',
    $_dateNow: dateNow(now),
  };
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(request.variables ?? '')) {
    fields[name] = value.replace(
      /\$_(callerId|destinationNumber|callId|dateNow)/g,
      (token) => builtIns[token] ?? token,
    );
  }
  return fields;
}

export function sendIvrRequest(request: IvrRequest, now: number): Promise<IvrAnswer> {
  const fields = ivrFields(request, now);
  let target: URL;
  try {
    target = new URL(request.url);
  } catch {
    return Promise.resolve({ fields, error: 'the URL is not valid' });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return Promise.resolve({ fields, error: 'only http: and https: URLs are allowed' });
  }
  const method = request.method ?? 'POST';
  const encoded = new URLSearchParams(fields).toString();
  if (method === 'GET' && encoded !== '') target.search = encoded;
  const body = method === 'POST' ? encoded : '';
  const transport = target.protocol === 'https:' ? https : http;

  return new Promise((resolve) => {
    const outgoing = transport.request(
      target,
      {
        method,
        timeout: TIMEOUT_MS,
        headers:
          method === 'POST'
            ? {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(body),
              }
            : {},
        ...(request.ca && target.protocol === 'https:' ? { ca: request.ca } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (size > MAX_ANSWER_BYTES)
            return resolve({ fields, status, error: 'the answer is too large' });
          try {
            const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
              return resolve({ fields, status, json: value as Record<string, unknown> });
            }
          } catch {
            // Not JSON: reported below, like an IVR that cannot import variables from it.
          }
          resolve({ fields, status, error: 'the answer is not a JSON object' });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer in time')));
    outgoing.on('error', (error) => resolve({ fields, error: error.message }));
    outgoing.end(body);
  });
}
