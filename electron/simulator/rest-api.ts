// The REST API stand-in (accolades-api.md §3): form-encoded POST with `password` to
// `/<account>/ping/`, `/<account>/dial/`, `/<account>/sms/send`; documented error bodies;
// an IP that made too many invalid requests gets 403.6 until the blocks are reset.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeIp } from './agent-registry.js';
import type { RestAccount } from './options.js';
import type { RecordKeeper } from './record.js';

export interface RestSettings {
  accounts: readonly RestAccount[];
  devices: Readonly<Record<string, string>>;
  blockAfterInvalidRequests: number;
  maxBodyBytes: number;
  /** Called for an accepted `dial`: ring the agent bound to the device. */
  onDial(crmId: string, phoneNumber: string): void;
}

type Command = 'ping' | 'dial' | 'sms/send';

const ERRORS = {
  400: { message: 'Bad request', code: '400' },
  401: { message: 'Unauthorized', code: '401' },
  403: { message: 'IP address rejected', code: '403.6' },
  404: { message: 'Not found', code: '404' },
  413: { message: 'Payload Too Large', code: '413' },
} as const;
type ErrorStatus = keyof typeof ERRORS;

/** Reading stops (and the socket is dropped) past this multiple of the body limit. */
const DRAIN_FACTOR = 16;

export class RestApi {
  private readonly invalidCounts = new Map<string, number>();

  constructor(
    private readonly settings: RestSettings,
    private readonly record: RecordKeeper,
  ) {}

  resetBlocks(): void {
    this.invalidCounts.clear();
  }

  blockedAddresses(): string[] {
    return [...this.invalidCounts]
      .filter(([, count]) => count >= this.settings.blockAfterInvalidRequests)
      .map(([ip]) => ip);
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const remoteAddress = normalizeIp(request.socket.remoteAddress);
    // Only the path matters: query-string values are ignored, as the docs say.
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    const finish = (
      status: 200 | ErrorStatus,
      fields: Record<string, string>,
      body: object,
    ): void => {
      const code = status === 200 ? undefined : ERRORS[status].code;
      this.record.addRest({
        method,
        path,
        remoteAddress,
        fields,
        status,
        ...(code ? { code } : {}),
      });
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...(status === 413 ? { connection: 'close' } : {}),
      });
      response.end(text);
    };
    const fail = (status: ErrorStatus, fields: Record<string, string> = {}): void => {
      if (status === 401 || status === 404) this.countInvalid(remoteAddress);
      finish(status, fields, { type: 'Error', ...ERRORS[status] });
    };

    if (this.isBlocked(remoteAddress)) {
      request.resume();
      return finish(403, {}, { type: 'Error', ...ERRORS[403] });
    }
    const route = parseRoute(path);
    if (!route) {
      request.resume();
      return fail(404);
    }
    readBody(request, this.settings.maxBodyBytes, (outcome) => {
      if (outcome === 'too-large') return fail(413);
      // A GET has no body, so it carries no password: it fails like any unauthenticated request.
      const fields = method === 'POST' ? parseForm(outcome) : {};
      const account = this.settings.accounts.find(
        (candidate) => candidate.account === route.account,
      );
      if (!account || account.active === false || fields.password !== account.password) {
        return fail(401, fields);
      }
      switch (route.command) {
        case 'ping':
          return finish(200, fields, { type: 'pong' });
        case 'dial': {
          const deviceId = fields.deviceId ?? '';
          const phoneNumber = fields.phoneNumber ?? '';
          const crmId = Object.hasOwn(this.settings.devices, deviceId)
            ? this.settings.devices[deviceId]
            : undefined;
          if (phoneNumber.trim() === '' || crmId === undefined) return fail(400, fields);
          finish(200, fields, { type: 'ok' });
          // The real platform rings the device, waits for an answer, then dials: the agent's
          // connector then sees an outgoing call to that number.
          this.settings.onDial(crmId, phoneNumber);
          return;
        }
        case 'sms/send':
          if ((fields.phoneNumber ?? '').trim() === '' || (fields.message ?? '') === '') {
            return fail(400, fields);
          }
          return finish(200, fields, { type: 'ok' });
      }
    });
  }

  private isBlocked(ip: string): boolean {
    return (this.invalidCounts.get(ip) ?? 0) >= this.settings.blockAfterInvalidRequests;
  }

  private countInvalid(ip: string): void {
    this.invalidCounts.set(ip, (this.invalidCounts.get(ip) ?? 0) + 1);
  }
}

/** `/<account>/ping/`, `/<account>/dial/`, `/<account>/sms/send` (trailing slash optional). */
function parseRoute(path: string): { account: string; command: Command } | undefined {
  const match = /^\/([^/]+)\/(ping|dial|sms\/send)\/?$/.exec(path);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  let account: string;
  try {
    account = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  return { account, command: match[2] as Command };
}

function parseForm(body: string): Record<string, string> {
  // A null-prototype object: a field named `__proto__` stays a plain field.
  const fields = Object.create(null) as Record<string, string>;
  for (const [key, value] of new URLSearchParams(body)) if (!(key in fields)) fields[key] = value;
  return { ...fields };
}

function readBody(
  request: IncomingMessage,
  limit: number,
  done: (body: string | 'too-large') => void,
): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    return done('too-large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
    else if (size > limit * DRAIN_FACTOR && !finished) {
      finished = true;
      done('too-large');
      request.destroy();
    }
  });
  request.on('end', () => {
    if (finished) return;
    finished = true;
    done(size > limit ? 'too-large' : Buffer.concat(chunks).toString('utf8'));
  });
  request.on('error', () => undefined);
}
