// dial / sms / doctor against the real stand-in on loopback (real TLS with its own CA).
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  startSimulator,
  type SimulatorHandle,
} from '../../electron/simulator/index.js';
import { TestClient } from '../simulator/clients.js';
import { makeTempDir, runCli, standInConfig } from './cli-harness.js';

let stand: SimulatorHandle;
let dir: string;
let cleanup: () => Promise<void>;
let config: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  stand = await startSimulator({ blockAfterInvalidRequests: 100 });
  config = await standInConfig(dir, stand);
});
afterAll(async () => {
  await stand.close();
  await cleanup();
});
beforeEach(() => stand.resetBlocks());

const env = (extra: Record<string, string> = {}) => ({
  ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json'),
  ...extra,
});
const withPassword = (password = DEMO_PASSWORD) => env({ ACCOLADES_REST_PASSWORD: password });

describe('dial and sms', () => {
  it('dial sends the number through REST and the agent gets the outgoingCall', async () => {
    const agent = await TestClient.auth(stand, 'demo-agent-1');
    try {
      const result = await runCli(dir, ['dial', '+40 712 345 678', '--config', config], {
        env: withPassword(),
      });
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toContain('Calling 0712345678');
      expect(await agent.client.next()).toEqual({
        type: 'outgoingCall',
        phoneNumber: '0712345678',
      });
    } finally {
      await agent.client.close();
    }
  });

  it('a wrong password exits 1 with the plain message, no stack trace', async () => {
    const result = await runCli(dir, ['dial', '0712345678', '-c', config], {
      env: withPassword('wrong'),
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain('Accolades refused the API password');
    expect(result.err).not.toMatch(/at .*\.js:\d+/);
  });

  it('no password at all is a plain message too', async () => {
    const result = await runCli(dir, ['dial', '0712345678', '-c', config], { env: env() });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/ACCOLADES_REST_PASSWORD|password/);
  });

  it('sms is sent and its warnings printed', async () => {
    const text = `Bună ziua ${'x'.repeat(170)}`;
    const result = await runCli(dir, ['sms', '0712345678', text, '-c', config], {
      env: withPassword(),
    });
    expect(result.code).toBe(0);
    expect(result.out).toContain('SMS to 0712345678 accepted');
    expect(result.err).toContain('only the first 160 will be sent');
    expect(result.err).toMatch(/Warning: .*(diacritic|ă)/i);
  });

  it('sms with a wrong password exits 1', async () => {
    const result = await runCli(dir, ['sms', '0712345678', 'hi', '-c', config], {
      env: withPassword('nope'),
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain('Accolades refused the API password');
  });
});

describe('doctor', () => {
  it('is all green against the stand-in with its CA', async () => {
    const result = await runCli(dir, ['doctor', '--config', config], { env: withPassword() });
    expect(result.out).not.toContain('✖');
    expect(result.out).toMatch(/✔ Configuration: .*is valid/);
    expect(result.out).toMatch(/✔ TLS certificate: .*trusted/);
    expect(result.out).toMatch(/✔ WebSocket sign-in: signed in as "demo-agent-1"/);
    expect(result.out).toMatch(/✔ REST ping: account 123456 accepted/);
    expect(result.out).toContain('All checks passed.');
    expect(result.code).toBe(0);
  });

  it('names an unknown certificate authority and what to set', async () => {
    const noCa = await standInConfig(dir, stand, { accolades: { caFile: '' } }, 'no-ca.json');
    const result = await runCli(dir, ['doctor', '-c', noCa], { env: withPassword() });
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      "✖ TLS certificate: unknown certificate authority: set accolades.caFile to your company's CA bundle",
    );
  });

  it('explains ID_NOT_FOUND in plain words', async () => {
    const unknown = await standInConfig(
      dir,
      stand,
      { accolades: { crmId: 'nobody' } },
      'nobody.json',
    );
    const result = await runCli(dir, ['doctor', '-c', unknown], { env: withPassword() });
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /✖ WebSocket sign-in: Accolades answered ID_NOT_FOUND for CRM ID "nobody"\. Log in to the Accolades Agent page/,
    );
  });

  it('explains CONNECTION_EXISTS when another connector holds the slot', async () => {
    const other = await TestClient.auth(stand, 'demo-agent-1');
    try {
      const result = await runCli(dir, ['doctor', '-c', config], { env: withPassword() });
      expect(result.code).toBe(1);
      expect(result.out).toMatch(
        /✖ WebSocket sign-in: Accolades answered CONNECTION_EXISTS\. Another connector/,
      );
    } finally {
      await other.client.close();
    }
  });

  it('reports a REST 401 with the plain message', async () => {
    const result = await runCli(dir, ['doctor', '-c', config], { env: withPassword('wrong') });
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/✖ REST ping: Accolades refused the API password/);
  });

  it('skips REST with a note when the password is missing, and still passes', async () => {
    const result = await runCli(dir, ['doctor', '-c', config], { env: env() });
    expect(result.out).toMatch(/– REST ping: skipped \(no REST password/);
    expect(result.code).toBe(0);
  });

  it('uses the injected DNS and reports a lookup failure', async () => {
    const byName = await standInConfig(
      dir,
      stand,
      { accolades: { url: stand.wssUrl.replace('127.0.0.1', 'accolades.invalid') } },
      'by-name.json',
    );
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const result = await runCli(dir, ['doctor', '-c', byName], { env: env(), lookup });
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      '✖ DNS lookup (accolades.invalid): cannot look up accolades.invalid: the name does not exist',
    );
    expect(result.out).toContain('– WebSocket sign-in: skipped (an earlier step failed)');
  });

  it('reports a refused TCP connection', async () => {
    const closed = await standInConfig(
      dir,
      stand,
      { accolades: { url: 'wss://127.0.0.1:1' } },
      'closed.json',
    );
    const result = await runCli(dir, ['doctor', '-c', closed], { env: env() });
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      '✖ TCP connect (127.0.0.1:1): cannot connect to 127.0.0.1:1: connection refused',
    );
  });

  it('reports a broken policy file and a refused server address', async () => {
    const policy = path.join(dir, 'broken-policy.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(policy, '{ not json'));
    const plain = await standInConfig(
      dir,
      stand,
      { accolades: { url: 'ws://accolades.example' } },
      'ws.json',
    );
    const result = await runCli(dir, ['doctor', '-c', plain], {
      env: { ACCOLADES_POLICY_FILE: policy },
    });
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /✖ Policy file: The policy file is broken and was NOT applied: .*broken-policy\.json/,
    );
    expect(result.out).toMatch(/✖ Server address: Refusing unencrypted ws:\/\//);
  });

  it("names the policy's locked keys and its changeable defaults", async () => {
    const policy = path.join(dir, 'defaults-policy.json');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        policy,
        JSON.stringify({
          defaults: { screenPop: { browser: 'firefox' } },
          locked: ['rules'],
        }),
      ),
    );
    const plain = await standInConfig(dir, stand, {}, 'plain.json');
    const result = await runCli(dir, ['doctor', '-c', plain], {
      env: { ...env(), ACCOLADES_POLICY_FILE: policy },
    });
    expect(result.out).toContain(
      `✔ Policy file: Policy ${policy} applied (locked: rules; defaults: screenPop.browser)`,
    );
  });

  it('a broken config is one ✖ line and exit 2', async () => {
    const result = await runCli(dir, ['doctor', '-c', 'missing.json'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/✖ Configuration: .*missing\.json.*file not found/);
  });
});
