import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../../electron/simulator/certificates.js';
import {
  AccoladesRestClient,
  RestError,
  type RestClientOptions,
} from '../../../electron/core/rest/index.js';
import { MemorySecretStore } from '../../../electron/core/secrets/index.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';

const PASSWORD = 'S3cret p@ss+word&=';

interface Received {
  path: string;
  contentType: string | undefined;
  raw: string;
  fields: Record<string, string>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

let server: https.Server;
let baseUrl: string;
let agent: https.Agent;
let handler: Handler;
let received: Received[] = [];
let onReceived: (() => void) | undefined;

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  const ca = await createCertificateAuthority();
  const leaf = await ca.issueServer();
  server = https.createServer({ cert: leaf.cert, key: leaf.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const entry: Received = {
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        raw,
        fields: Object.fromEntries(new URLSearchParams(raw)),
      };
      received.push(entry);
      onReceived?.();
      handler(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://localhost:${(server.address() as AddressInfo).port}`;
  agent = new https.Agent({ ca: ca.cert, keepAlive: false });
});

afterAll(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  onReceived = undefined;
  handler = (_req, res) => json(res, 200, { type: 'ok' });
});

function client(extra: Partial<RestClientOptions> = {}): AccoladesRestClient {
  return new AccoladesRestClient({
    baseUrl,
    account: '123456',
    deviceId: '42',
    secrets: new MemorySecretStore({ restPassword: PASSWORD }),
    agent,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<RestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
}

describe('AccoladesRestClient over real HTTPS', () => {
  it('pings with a form-encoded password at /<account>/ping/', async () => {
    handler = (_req, res) => json(res, 200, { type: 'pong' });
    await client().ping();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      path: '/123456/ping/',
      contentType: 'application/x-www-form-urlencoded',
      fields: { password: PASSWORD },
    });
  });

  it('form-encodes + and diacritics; sms goes to /sms/send without a trailing slash', async () => {
    await client().dial({ phoneNumber: '+40712345678' });
    expect(received[0]?.path).toBe('/123456/dial/');
    expect(received[0]?.raw).toContain('phoneNumber=%2B40712345678');
    expect(received[0]?.fields).toEqual({
      deviceId: '42',
      phoneNumber: '+40712345678',
      password: PASSWORD,
    });

    const text = 'Bună ziua, Ștefan! Plata de 100 € & 5% e gata?';
    const result = await client().sendSms({
      phoneNumber: '+40712345678',
      message: text,
      messageId: 'm-1',
    });
    expect(received[1]?.path).toBe('/123456/sms/send');
    expect(received[1]?.fields).toEqual({
      phoneNumber: '+40712345678',
      message: text,
      messageId: 'm-1',
      password: PASSWORD,
    });
    expect(result.warnings.map((w) => w.kind)).toEqual(['diacritics', 'unsupported-characters']);
  });

  const documented: Array<[number, string, string, RestError['kind'], RegExp | string]> = [
    [
      400,
      'Bad request',
      '400',
      'bad-request',
      'Accolades rejected the call request as invalid (HTTP 400). Check the device ID and the phone number.',
    ],
    [
      401,
      'Unauthorized',
      '401',
      'unauthorized',
      'Accolades refused the API password, or the REST API is not active for account 123456.',
    ],
    [
      403,
      'IP address rejected',
      '403.6',
      'ip-blocked',
      /temporarily blocked this computer's IP address.*ask your Accolades administrator to unblock it/,
    ],
    [404, 'Not found', '404', 'not-found', /HTTP 404.*account number \(123456\)/],
    [413, 'Payload Too Large', '413', 'too-large', /too large for Accolades \(HTTP 413\)/],
    [
      500,
      'Internal server error',
      '500',
      'server-error',
      /internal error.*HTTP 500.*Try again later/,
    ],
    [502, 'Bad gateway', '502', 'unexpected-status', /unexpected HTTP status 502/],
  ];
  for (const [status, message, code, kind, text] of documented) {
    it(`maps HTTP ${status} (${code}) to "${kind}" with a plain message`, async () => {
      handler = (_req, res) => json(res, status, { type: 'Error', message, code });
      const error = await failure(client().dial({ phoneNumber: '0712345678' }));
      expect(error).toMatchObject({ kind, status, code, command: 'dial' });
      if (typeof text === 'string') expect(error.message).toBe(text);
      else expect(error.message).toMatch(text);
      expect(received).toHaveLength(1); // never retried
    });
  }

  it('after 403.6 sends nothing until resetBlock()', async () => {
    handler = (_req, res) =>
      json(res, 403, { type: 'Error', message: 'IP address rejected', code: '403.6' });
    const c = client();
    await failure(c.ping());
    expect(c.isBlocked()).toBe(true);
    const again = await failure(c.dial({ phoneNumber: '0712345678' }));
    expect(again.kind).toBe('ip-blocked');
    expect(again.message).toContain('Nothing was sent');
    expect(received).toHaveLength(1);
    c.resetBlock();
    handler = (_req, res) => json(res, 200, { type: 'pong' });
    await c.ping();
    expect(received).toHaveLength(2);
  });

  it('does not follow a 302, and says so', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example.com/login' });
      res.end();
    };
    const error = await failure(client().ping());
    expect(error.kind).toBe('redirect');
    expect(error.message).toBe(
      'Accolades answered with a redirect to https://elsewhere.example.com/login (HTTP 302), which is not followed. Check rest.baseUrl.',
    );
    expect(received.map((r) => r.path)).toEqual(['/123456/ping/']);
  });

  it('times out after 10 s on the injected clock, and a timed-out dial is not retried', async () => {
    const clock = new FakeClock();
    const arrived = new Promise<void>((resolve) => (onReceived = resolve));
    handler = () => {
      /* never answers */
    };
    const pending = failure(client({ clock }).dial({ phoneNumber: '0712345678' }));
    await arrived;
    clock.advance(9_999);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(1);
    const error = await pending;
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/within 10 seconds.*check your phone before trying again/);
    expect(received).toHaveLength(1);
    server.closeAllConnections();
  });

  it('reports a dropped connection as a network error, once', async () => {
    handler = (req) => req.socket.destroy();
    const error = await failure(client().dial({ phoneNumber: '0712345678' }));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^Could not reach Accolades at localhost:\d+/);
    expect(received).toHaveLength(1);
  });

  it('refuses a server whose certificate is not trusted (no TLS bypass)', async () => {
    const error = await failure(client({ agent: new https.Agent({ keepAlive: false }) }).ping());
    expect(error.kind).toBe('network');
    expect(received).toHaveLength(0);
  });

  it('answers that are not JSON or of the wrong type are bad responses', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    };
    expect((await failure(client().ping())).kind).toBe('bad-response');
    handler = (_req, res) => json(res, 200, { type: 'ok' });
    expect((await failure(client().ping())).kind).toBe('bad-response');
  });

  it('never logs the password', async () => {
    const logger = new MemoryLogger();
    handler = (_req, res) => json(res, 200, { type: 'pong' });
    await client({ logger }).ping();
    handler = (_req, res) =>
      json(res, 401, { type: 'Error', message: 'Unauthorized', code: '401' });
    await failure(client({ logger }).ping());
    handler = (req) => req.socket.destroy();
    await failure(client({ logger }).dial({ phoneNumber: '0712345678' }));
    const text = logger.text();
    expect(logger.entries.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('unauthorized');
    expect(text).not.toContain('S3cret');
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
    expect(text).not.toContain(new URLSearchParams({ p: PASSWORD }).toString().slice(2));
  });
});

describe('AccoladesRestClient refuses before sending', () => {
  const never = async (): Promise<never> => {
    throw new Error('must not send');
  };
  const make = (options: Partial<RestClientOptions>): AccoladesRestClient =>
    new AccoladesRestClient({
      baseUrl: 'https://client.voipit.ro',
      account: '123456',
      deviceId: '42',
      secrets: new MemorySecretStore({ restPassword: 'x' }),
      transport: never,
      ...options,
    });

  it('plain http except to loopback', async () => {
    expect((await failure(make({ baseUrl: 'http://client.voipit.ro' }).ping())).kind).toBe(
      'not-configured',
    );
    expect(make({ baseUrl: 'http://127.0.0.1:8080' }).commandUrl('ping').href).toBe(
      'http://127.0.0.1:8080/123456/ping/',
    );
    expect(make({ baseUrl: 'https://h.example/base/' }).commandUrl('sms/send').href).toBe(
      'https://h.example/base/123456/sms/send',
    );
  });

  it('missing account, device or password', async () => {
    expect(await failure(make({ account: '' }).ping())).toMatchObject({
      kind: 'not-configured',
      message: 'The Accolades account number is not set (rest.account).',
    });
    expect((await failure(make({ deviceId: '' }).dial({ phoneNumber: '1' }))).kind).toBe(
      'not-configured',
    );
    const noPassword = await failure(make({ secrets: new MemorySecretStore() }).ping());
    expect(noPassword.kind).toBe('no-password');
    expect(noPassword.message).toContain('ACCOLADES_REST_PASSWORD');
  });
});
