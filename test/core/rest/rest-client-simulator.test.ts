// The REST client against the project's own Accolades stand-in: both sides read the same
// document, so this catches a disagreement between them (paths, form fields, error bodies).
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/index.js';
import { AccoladesRestClient, RestError } from '../../../electron/core/rest/index.js';
import { MemorySecretStore } from '../../../electron/core/secrets/index.js';

let sim: SimulatorHandle;
let agent: https.Agent;

beforeAll(async () => {
  sim = await startSimulator({
    restAccounts: [{ account: '123456', password: 'right' }],
    blockAfterInvalidRequests: 2,
  });
  agent = new https.Agent({ ca: sim.caCert, keepAlive: false });
});
afterAll(async () => {
  agent.destroy();
  await sim.close();
});

const client = (password: string): AccoladesRestClient =>
  new AccoladesRestClient({
    baseUrl: sim.restBaseUrl,
    account: '123456',
    deviceId: '42',
    secrets: new MemorySecretStore({ restPassword: password }),
    agent,
  });

describe('AccoladesRestClient ↔ simulator', () => {
  it('pings, dials and sends an SMS with the right password', async () => {
    const good = client('right');
    await good.ping();
    await good.dial({ phoneNumber: '+40712345678' });
    await good.sendSms({ phoneNumber: '0712345678', message: 'Bună ziua' });
  });

  it('maps a wrong password to 401, then the IP block to 403.6 and stops sending', async () => {
    const bad = client('wrong');
    const first = await bad.ping().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RestError);
    expect((first as RestError).kind).toBe('unauthorized');
    let blocked: unknown;
    for (let i = 0; i < 5 && !bad.isBlocked(); i += 1)
      blocked = await bad.ping().catch((e: unknown) => e);
    expect(bad.isBlocked()).toBe(true);
    expect((blocked as RestError).code).toBe('403.6');
    sim.resetBlocks();
    bad.resetBlock();
    await client('right').ping();
  });
});
