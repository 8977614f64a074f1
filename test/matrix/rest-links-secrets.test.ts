// REST through the Connector façade (timeout, cross-origin redirect, 401, 403.6), tel:/callto:
// argument injection from the link parser to the REST form, and the password never in the logs
// of a full session nor in plain text on disk (history, settings export, any file written).
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exportSettings } from '../../electron/core/config/export-import.js';
import { RestError } from '../../electron/core/rest/rest-error.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { parsePhoneLink } from '../../electron/app/protocol-links.js';
import { FakeAccoladesServer } from '../fakes/fake-accolades-server.js';
import {
  AllowlistOpener,
  RecordingLauncher,
  originsOf,
  startSession,
  type Session,
} from './matrix-harness.js';
import { MatrixTally } from './tally.js';

const tally = new MatrixTally(import.meta.url);
const PASSWORD = 'Pa55 w0rd%&=+/secret-ZQX';

interface Received {
  path: string;
  fields: Record<string, string>;
}

/** A REST stand-in over TLS from the same CA as the socket server; `handler` is per test. */
class RestServer {
  received: Received[] = [];
  handler: (res: ServerResponse, got: Received) => void = answerOk;
  private constructor(private readonly server: https.Server) {}

  static async start(server: FakeAccoladesServer): Promise<RestServer> {
    const leaf = await server.ca.issueServer();
    const holder: { rest?: RestServer } = {};
    const https_ = https.createServer({ cert: leaf.cert, key: leaf.key }, (req, res) =>
      holder.rest!.accept(req, res),
    );
    await new Promise<void>((resolve) => https_.listen(0, '127.0.0.1', resolve));
    holder.rest = new RestServer(https_);
    return holder.rest;
  }

  get baseUrl(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = {
        path: req.url ?? '',
        fields: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      };
      this.received.push(got);
      this.handler(res, got);
    });
  }
}

/** What Accolades answers when all is well: `pong` to ping, `ok` to everything else. */
function answerOk(res: ServerResponse, got: Received): void {
  json(res, 200, { type: got.path.endsWith('/ping/') ? 'pong' : 'ok' });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

let socketServer: FakeAccoladesServer;
let rest: RestServer;
let elsewhere: RestServer;
let session: Session | undefined;

beforeAll(async () => {
  socketServer = await FakeAccoladesServer.start();
  rest = await RestServer.start(socketServer);
  elsewhere = await RestServer.start(socketServer);
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  rest.received = [];
  rest.handler = answerOk;
});
afterAll(async () => {
  await rest.close();
  await elsewhere.close();
  await socketServer.close();
  tally.write();
});

const URL_RULE = 'https://crm.example.com/c?n={e164}&agent={crmId}';
const PROGRAM = '/opt/crm/crm';

async function connect(): Promise<Session> {
  session = await startSession({
    server: socketServer,
    config: {
      rest: { baseUrl: rest.baseUrl, account: '123456', deviceId: '42' },
      rules: [
        { name: 'crm', direction: 'inbound', open: URL_RULE },
        { name: 'app', direction: 'outbound', run: { program: PROGRAM, args: ['--n={national}'] } },
      ],
    },
    connector: {
      secrets: new MemorySecretStore({ restPassword: PASSWORD }),
      opener: new AllowlistOpener(originsOf([URL_RULE]), tally),
      launcher: new RecordingLauncher([{ program: PROGRAM, argCount: 1 }], tally),
      restTimeoutMs: 1_500,
    },
  });
  return session;
}

async function failure(promise: Promise<unknown>): Promise<RestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RestError);
  return error as RestError;
}

describe('REST through the Connector', () => {
  it('a server that never answers: a timeout, sent once, not retried', async () => {
    const s = await connect();
    rest.handler = () => {
      /* never answers */
    };
    const error = await failure(s.connector.dial('0712 345 678'));
    expect(error.kind).toBe('timeout');
    expect(rest.received).toHaveLength(1);
    tally.faultSurvived('REST timeout');
  });

  it('a redirect to another origin is not followed and says so', async () => {
    const s = await connect();
    rest.handler = (res) => {
      res.writeHead(302, { location: `${elsewhere.baseUrl}/steal` });
      res.end();
    };
    const error = await failure(s.connector.dial('0712345678'));
    expect(error.kind).toBe('redirect');
    expect(error.message).toContain(elsewhere.baseUrl);
    expect(elsewhere.received).toEqual([]);
    tally.faultSurvived('REST cross-origin redirect');
  });

  it('401 is a plain "wrong password"; 403.6 stops every request until the user acts', async () => {
    const s = await connect();
    rest.handler = (res) => json(res, 401, { type: 'Error', message: 'Unauthorized', code: '401' });
    expect((await failure(s.connector.dial('0712345678'))).kind).toBe('unauthorized');
    rest.handler = (res) =>
      json(res, 403, { type: 'Error', message: 'IP address rejected', code: '403.6' });
    expect((await failure(s.connector.dial('0712345678'))).kind).toBe('ip-blocked');
    expect(rest.received).toHaveLength(2);
    const blocked = await failure(s.connector.dial('0712345678'));
    expect(blocked.kind).toBe('ip-blocked');
    expect(rest.received).toHaveLength(2); // nothing sent while blocked
    rest.handler = answerOk;
    await s.connector.testCredentials(); // the user acts
    await s.connector.dial('0712345678');
    expect(rest.received).toHaveLength(4);
    tally.faultSurvived('REST 401');
    tally.faultSurvived('REST 403.6 IP block');
  });
});

describe('tel: / callto: argument injection', () => {
  const hostileLink = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('tel:', 'callto:', 'callto://', 'TEL:', 'tel://', ''),
        fc.array(
          fc.constantFrom(
            '0712345678',
            '+40',
            ' ',
            '-',
            '--',
            '-oProxyCommand=x',
            ';ext=1',
            ';phone-context=evil',
            '&deviceId=99',
            '%26deviceId%3D99',
            '?password=x',
            '#',
            '%0d%0a',
            '%00',
            '\n',
            '(',
            ')',
            '.',
            '/',
            '%2F',
            '\u202e',
            '＋４０',
            '٠١٢',
            '"',
            '`id`',
            '$(id)',
          ),
          { maxLength: 8 },
        ),
      )
      .map(([scheme, parts]) => scheme + parts.join('')),
    fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `tel:${s}`),
  );

  it('whatever a web page puts in the link, only "+" and digits come out', () => {
    let tried = 0;
    fc.assert(
      fc.property(hostileLink, (link) => {
        tried += 1;
        const parsed = parsePhoneLink(link);
        if (parsed.ok) expect(parsed.number).toMatch(/^\+?[0-9]{2,20}$/);
      }),
      { numRuns: 5_000, seed: 5 },
    );
    tally.badInputs(tried);
  });

  it('links that try to smuggle form fields or options reach REST as one clean number, or not at all', async () => {
    const s = await connect();
    const links = [
      'tel:0712345678&deviceId=99',
      'tel:0712345678%26deviceId%3D99',
      'tel:0712345678;phone-context=evil',
      'tel:0712345678?password=x',
      'tel:-oProxyCommand=calc',
      'tel:0712%0d%0aX-Evil: 1',
      'callto://+40 (712) 345-678/',
      'tel:+40.712.345.678',
      'tel:0712 345 678',
    ];
    const sent: string[] = [];
    for (const link of links) {
      const parsed = parsePhoneLink(link);
      if (!parsed.ok) continue;
      sent.push(parsed.number);
      await s.connector.dial(parsed.number);
    }
    tally.badInputs(links.length);
    expect(sent).toEqual(['+40712345678', '+40712345678', '0712345678']);
    expect(rest.received).toHaveLength(3);
    for (const got of rest.received) {
      expect(Object.keys(got.fields).sort()).toEqual(['deviceId', 'password', 'phoneNumber']);
      expect(got.fields.deviceId).toBe('42');
      expect(got.fields.phoneNumber).toBe('0712345678'); // national, the default dial format
      expect(got.path).toBe('/123456/dial/');
    }
    tally.faultSurvived('tel: links smuggling parameters');
  });
});

describe('secrets', () => {
  it('the REST password never appears in any log line of a full session, nor on disk', async () => {
    const s = await connect();
    // A full session: calls both ways, click2call, SMS, errors of every kind, a reconnect.
    s.server.sendCall('inbound', '0712345678');
    s.server.sendCall('outbound', `0722${PASSWORD.length}0000`);
    s.server.sendCall('inbound', '+40 21 555 0101');
    await s.waitForCalls(3);
    await s.connector.dial('0712345678');
    await s.connector.sendSms('0712345678', 'Bună ziua');
    await s.connector.testCredentials();
    rest.handler = (res) => json(res, 401, { type: 'Error', message: 'Unauthorized', code: '401' });
    await failure(s.connector.dial('0712345678'));
    rest.handler = (res) => json(res, 500, { type: 'Error', message: PASSWORD, code: '500' });
    await failure(s.connector.dial('0712345678'));
    rest.handler = () => {};
    await failure(s.connector.dial('0712345678'));
    s.connector.reconnectNow('test');
    await s.connector.idle();
    await s.connector.stop();

    // Every way the password could be spelled in a line or a file.
    const spellings = [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      new URLSearchParams({ p: PASSWORD }).toString().slice(2),
      Buffer.from(PASSWORD).toString('base64'),
    ];
    const lines = s.logger.entries.map((e) => JSON.stringify(e));
    // The secret really was in play: every REST request carried it.
    expect(rest.received.length).toBeGreaterThanOrEqual(6);
    expect(rest.received.every((r) => r.fields.password === PASSWORD)).toBe(true);
    const scopes = new Set(s.logger.entries.map((e) => e.scope));
    expect(scopes).toEqual(
      new Set(['test:screen-pop', 'test:rest', 'test', 'test:accolades-connection']),
    );
    const leaks = lines.filter((line) => spellings.some((p) => line.includes(p)));
    expect(leaks).toEqual([]);

    // On disk: every file the session wrote (the history), and a settings export.
    const files = await readdir(s.dir);
    expect(files).toContain('call-history.jsonl');
    const history = await readFile(join(s.dir, 'call-history.jsonl'), 'utf8');
    expect(history.trim().split('\n')).toHaveLength(3);
    for (const name of files) {
      const text = await readFile(join(s.dir, name), 'utf8');
      for (const p of spellings) expect(text.includes(p), `${name} holds the password`).toBe(false);
    }
    const exported = exportSettings(s.connector.getConfig() as never);
    for (const p of spellings) expect(exported.includes(p)).toBe(false);
    expect(exported).toContain(rest.baseUrl); // the export is real, just without the secret
    tally.faultSurvived('REST 500 whose body echoes the password');
  });
});
