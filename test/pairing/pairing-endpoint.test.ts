// The tray side of pairing over real loopback HTTP: CORS and Private Network Access preflight
// for allowed Origins only, strict input, rate limit, one confirmation, locks respected.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../electron/core/config/schema.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { startPairing, type PairingSetup } from './pairing-setup.js';

const ACCOLADES = 'https://client.voipit.ro';
const GOOD = { agentId: 'f8cb549544', serverFqdn: 'client.voipit.ro', serverPort: '14327' };
let current: PairingSetup | undefined;

afterEach(async () => {
  await current?.pairing.detach();
  current = undefined;
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  port: number,
  method: string,
  headers: Record<string, string>,
  body?: string,
  path = '/pair',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function post(port: number, body: unknown, origin: string | null = ACCOLADES): Promise<Answer> {
  return request(
    port,
    'POST',
    { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    typeof body === 'string' ? body : JSON.stringify(body),
  );
}

async function start(...args: Parameters<typeof startPairing>) {
  current = await startPairing(...args);
  return current;
}

describe('pairing endpoint', () => {
  it('is off by default', async () => {
    expect(configSchema.parse({}).pairing).toEqual({
      enabled: false,
      port: 14331,
      allowedOrigins: [ACCOLADES],
      allowedServers: ['client.voipit.ro:14327'],
    });
    const { pairing } = await start({ pairing: { enabled: false } });
    expect(pairing.port()).toBeUndefined();
  });

  it('answers the CORS + Private Network Access preflight for the Accolades origin only', async () => {
    const { port } = await start({});
    const preflight = await request(port, 'OPTIONS', {
      origin: ACCOLADES,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
      'access-control-request-private-network': 'true',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ACCOLADES);
    expect(preflight.headers['access-control-allow-private-network']).toBe('true');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/content-type/i);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');

    const plain = await request(port, 'OPTIONS', {
      origin: ACCOLADES,
      'access-control-request-method': 'POST',
    });
    expect(plain.headers['access-control-allow-private-network']).toBeUndefined();

    const evil = await request(port, 'OPTIONS', {
      origin: 'https://evil.example.net',
      'access-control-request-method': 'POST',
      'access-control-request-private-network': 'true',
    });
    expect(evil.status).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect(evil.headers['access-control-allow-private-network']).toBeUndefined();
  });

  it('turns a valid POST into one pairing request, and saves only after confirm', async () => {
    const { port, requests, settings, pairing } = await start({});
    const answer = await post(port, GOOD);
    expect(answer.status).toBe(202);
    expect(answer.headers['access-control-allow-origin']).toBe(ACCOLADES);
    expect(JSON.parse(answer.body)).toEqual({ status: 'pending' });
    // The Agent page reloads: still one question.
    await post(port, GOOD);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      agentId: 'f8cb549544',
      serverUrl: 'wss://client.voipit.ro:14327',
      changesServer: false,
      origin: ACCOLADES,
      question: 'Use the CRM ID from your Accolades Agent page?',
    });
    expect(settings.saved).toEqual([]);
    expect(await pairing.confirm(requests[0]!.id)).toEqual({ crmId: 'f8cb549544' });
    expect(settings.saved).toEqual([{ crmId: 'f8cb549544' }]);
    await expect(pairing.confirm(requests[0]!.id)).rejects.toThrow(
      /expired or was already answered/,
    );
  });

  it('switches to an allowed server only when it differs and is not locked; reject saves nothing', async () => {
    const { port, requests, settings, pairing } = await start({
      pairing: { allowedServers: ['pbx.example.com:15000'] },
    });
    await post(port, { ...GOOD, serverFqdn: 'PBX.Example.com', serverPort: 15000 });
    expect(requests[0]).toMatchObject({
      serverUrl: 'wss://pbx.example.com:15000',
      changesServer: true,
    });
    expect(requests[0]!.question).toContain('pbx.example.com:15000');
    pairing.reject(requests[0]!.id);
    expect(pairing.pending()).toEqual([]);
    settings.locked.add('accolades.url');
    await post(port, { ...GOOD, serverFqdn: 'pbx.example.com', serverPort: 15000 });
    expect(requests[1]).toMatchObject({ changesServer: false });
    expect(await pairing.confirm(requests[1]!.id)).toEqual({ crmId: 'f8cb549544' });
    expect(settings.saved).toEqual([{ crmId: 'f8cb549544' }]);
  });

  it('refuses a server that is not on pairing.allowedServers, with the reason, and asks nothing', async () => {
    const { port, requests, settings, logger } = await start({
      accolades: { url: 'wss://client.voipit.ro:14327' },
    });
    for (const server of [
      { serverFqdn: 'calls.attacker.example', serverPort: '443' },
      // The official host on another port is another server too.
      { serverFqdn: 'client.voipit.ro', serverPort: '443' },
    ]) {
      const answer = await post(port, { ...GOOD, agentId: 'attacker-id', ...server });
      const address = `${server.serverFqdn}:${server.serverPort}`;
      expect(answer.status).toBe(403);
      // With CORS headers: the hosted connector can read and show the reason.
      expect(answer.headers['access-control-allow-origin']).toBe(ACCOLADES);
      expect(JSON.parse(answer.body)).toEqual({
        status: 'server-not-allowed',
        error: `The Agent page names the server ${address}, which is not in pairing.allowedServers; nothing was changed.`,
      });
      expect(logger.text()).toContain(`names the server ${address}`);
    }
    expect(requests).toEqual([]);
    expect(settings.saved).toEqual([]);
  });

  it('treats the configured server as the same in any spelling, and allows the official one by default', async () => {
    const { port, requests } = await start({
      accolades: { url: 'wss://Client.VoIPIT.ro:14327/' },
    });
    expect((await post(port, GOOD)).status).toBe(202);
    expect(requests[0]).toMatchObject({ changesServer: false });

    // Configured elsewhere (an on-premise address): the official server is on the default list.
    const other = await startPairing({ accolades: { url: 'wss://127.0.0.1:1' } });
    try {
      expect((await post(other.port, GOOD)).status).toBe(202);
      expect(other.requests[0]).toMatchObject({
        changesServer: true,
        question:
          'Use the CRM ID from your Accolades Agent page, and its server client.voipit.ro:14327?',
      });
    } finally {
      await other.pairing.detach();
    }
  });

  it('does not save a server taken off the allowlist while the question was open', async () => {
    const { port, requests, settings, pairing, connector } = await start({
      pairing: { allowedServers: ['pbx.example.com:15000'] },
    });
    await post(port, { ...GOOD, serverFqdn: 'pbx.example.com', serverPort: 15000 });
    expect(requests[0]).toMatchObject({ changesServer: true });
    await connector.applyConfig(
      configSchema.parse({ pairing: { enabled: true, allowedServers: [] } }),
    );
    await pairing.settled();
    await expect(pairing.confirm(requests[0]!.id)).rejects.toThrow(
      'The server pbx.example.com:15000 is no longer in pairing.allowedServers; nothing was changed.',
    );
    expect(settings.saved).toEqual([]);
  });

  it('does not ask when already paired, and refuses when the CRM ID is locked', async () => {
    const { port, requests, settings } = await start({ accolades: { crmId: 'f8cb549544' } });
    expect(JSON.parse((await post(port, GOOD)).body)).toEqual({ status: 'already-paired' });
    settings.locked.add('accolades.crmId');
    const locked = await post(port, { ...GOOD, agentId: 'aaaa000000' });
    expect(locked.status).toBe(409);
    expect(requests).toEqual([]);
  });

  it('refuses other origins, requests without an Origin, and bad input', async () => {
    const { port, requests } = await start({}, { rateLimit: { burst: 100, refillMs: 1 } });
    expect((await post(port, GOOD, 'https://evil.example.net')).status).toBe(403);
    expect((await post(port, GOOD, null)).status).toBe(403);
    expect((await post(port, GOOD, 'https://client.voipit.ro.evil.net')).status).toBe(403);
    const bad: unknown[] = [
      'not json',
      [],
      { ...GOOD, agentId: '' },
      { ...GOOD, agentId: 'x'.repeat(65) },
      { ...GOOD, agentId: 'a b' },
      { ...GOOD, agentId: '<script>' },
      { ...GOOD, serverFqdn: 'evil.com/x' },
      { ...GOOD, serverFqdn: 'a..b' },
      { ...GOOD, serverPort: '0' },
      { ...GOOD, serverPort: 70000 },
      { ...GOOD, serverPort: '14327abc' },
      { ...GOOD, extra: 1 },
      { agentId: 'f8cb549544' },
    ];
    for (const body of bad) {
      const answer = await post(port, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.headers['access-control-allow-origin']).toBe(ACCOLADES);
    }
    const huge = await post(port, { ...GOOD, pad: 'x'.repeat(5000) });
    expect(huge.status).toBe(413);
    const textPlain = await request(
      port,
      'POST',
      { origin: ACCOLADES, 'content-type': 'text/plain' },
      '{}',
    );
    expect(textPlain.status).toBe(415);
    expect((await request(port, 'GET', { origin: ACCOLADES })).status).toBe(405);
    expect((await request(port, 'POST', { origin: ACCOLADES }, '', '/other')).status).toBe(404);
    expect(requests).toEqual([]);
  });

  it('rate-limits pairing requests', async () => {
    const clock = new FakeClock();
    const { port } = await start({}, { clock, rateLimit: { burst: 2, refillMs: 10_000 } });
    expect((await post(port, GOOD)).status).toBe(202);
    expect((await post(port, GOOD)).status).toBe(202);
    expect((await post(port, GOOD)).status).toBe(429);
    clock.advance(10_000);
    expect((await post(port, GOOD)).status).toBe(202);
  });

  it('forgets an unanswered request after it expires', async () => {
    const clock = new FakeClock();
    const { port, pairing, requests } = await start({}, { clock });
    await post(port, GOOD);
    expect(pairing.pending()).toHaveLength(1);
    clock.advance(10 * 60_000);
    expect(pairing.pending()).toEqual([]);
    await expect(pairing.confirm(requests[0]!.id)).rejects.toThrow();
  });

  it('reports a taken port as a problem when the settings turn it on', async () => {
    const first = await start({});
    const second = await startPairing({ pairing: { enabled: false } }, { listenPort: first.port });
    try {
      const problems: string[] = [];
      second.pairing.onProblem((p) => problems.push(p.message));
      await second.connector.applyConfig(configSchema.parse({ pairing: { enabled: true } }));
      await second.pairing.settled();
      expect(second.pairing.port()).toBeUndefined();
      // Both endpoints are in this process; port-taken.test.ts covers other programs and users.
      expect(problems).toEqual([
        process.platform === 'linux'
          ? `The pairing endpoint cannot listen on 127.0.0.1:${first.port}: this app already listens on port ${first.port} (bridge.port and pairing.port must differ).`
          : `The pairing endpoint cannot listen on 127.0.0.1:${first.port}: another program, perhaps in another user's session, holds port ${first.port}.`,
      ]);
    } finally {
      await second.pairing.detach();
    }
  });
});
