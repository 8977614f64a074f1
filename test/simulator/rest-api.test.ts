import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/simulator.js';
import { REDACTED } from '../../electron/simulator/record.js';
import { controlRequest, restRequest, TestClient } from './clients.js';

const PASSWORD = 'S3cret&=password';
let sim: SimulatorHandle;

beforeEach(async () => {
  sim = await startSimulator({
    agents: [{ crmId: 'alice' }, { crmId: 'bob' }],
    restAccounts: [
      { account: '123456', password: PASSWORD },
      { account: '777', password: PASSWORD, active: false },
    ],
    devices: { '42': 'bob' },
    blockAfterInvalidRequests: 3,
    maxBodyBytes: 1024,
  });
});

afterEach(async () => {
  await sim.close();
});

const error = (status: string, message: string) => ({ type: 'Error', message, code: status });

describe('REST API stand-in', () => {
  it('answers ping with pong as JSON', async () => {
    const answer = await restRequest(sim, '/123456/ping/', { password: PASSWORD });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.json()).toEqual({ type: 'pong' });
  });

  it('dial answers ok and rings the agent bound to the device with an outgoingCall', async () => {
    const alice = await TestClient.auth(sim, 'alice');
    const bob = await TestClient.auth(sim, 'bob');
    try {
      const answer = await restRequest(sim, '/123456/dial/', {
        password: PASSWORD,
        deviceId: '42',
        phoneNumber: '0712 345 678',
      });
      expect(answer.json()).toEqual({ type: 'ok' });
      expect(await bob.client.next()).toEqual({
        type: 'outgoingCall',
        phoneNumber: '0712 345 678',
      });
      expect(sim.calls()).toEqual([
        expect.objectContaining({ crmId: 'bob', direction: 'outgoing' }),
      ]);
      expect(alice.client.pending()).toEqual([]);
    } finally {
      await Promise.all([alice.client.close(), bob.client.close()]);
    }
  });

  it('sms/send answers ok, with or without the trailing slash', async () => {
    const fields = { password: PASSWORD, phoneNumber: '0712345678', message: 'Salut' };
    expect((await restRequest(sim, '/123456/sms/send', fields)).json()).toEqual({ type: 'ok' });
    expect((await restRequest(sim, '/123456/sms/send/', fields)).json()).toEqual({ type: 'ok' });
  });

  it.each([
    ['dial without deviceId', '/123456/dial/', { phoneNumber: '1' }],
    ['dial without phoneNumber', '/123456/dial/', { deviceId: '42' }],
    ['dial to an unknown device', '/123456/dial/', { deviceId: '9', phoneNumber: '1' }],
    ['sms without message', '/123456/sms/send', { phoneNumber: '1' }],
    ['sms without phoneNumber', '/123456/sms/send', { message: 'hi' }],
  ])('400 for %s', async (_label, path, fields) => {
    const answer = await restRequest(sim, path, { password: PASSWORD, ...fields });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual(error('400', 'Bad request'));
  });

  it.each([
    ['a wrong password', '/123456/ping/', { password: 'nope' }],
    ['no password', '/123456/ping/', {}],
    ['an unknown account', '/999/ping/', { password: PASSWORD }],
    ['an inactive API module', '/777/ping/', { password: PASSWORD }],
  ])('401 for %s', async (_label, path, fields) => {
    const answer = await restRequest(sim, path, fields);
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual(error('401', 'Unauthorized'));
  });

  it('404 for an unknown path', async () => {
    for (const path of ['/123456/hangup/', '/', '/123456/ping/extra']) {
      const answer = await restRequest(sim, path, { password: PASSWORD });
      expect(answer.status).toBe(404);
      expect(answer.json()).toEqual(error('404', 'Not found'));
      sim.resetBlocks();
    }
  });

  it('413 for a body over the limit, declared or streamed', async () => {
    const big = { password: PASSWORD, phoneNumber: '1', message: 'x'.repeat(2000) };
    const declared = await restRequest(sim, '/123456/sms/send', big);
    expect(declared.status).toBe(413);
    expect(declared.json()).toEqual(error('413', 'Payload Too Large'));
    const chunked = await restRequest(
      sim,
      '/123456/sms/send',
      new URLSearchParams(big).toString(),
      { chunked: true },
    );
    expect(chunked.status).toBe(413);
  });

  it('ignores query-string values, as the docs say', async () => {
    const inQuery = await restRequest(
      sim,
      `/123456/ping/?password=${encodeURIComponent(PASSWORD)}`,
      '',
    );
    expect(inQuery.status).toBe(401);
    const get = await restRequest(
      sim,
      `/123456/ping/?password=${encodeURIComponent(PASSWORD)}`,
      '',
      { method: 'GET' },
    );
    expect(get.status).toBe(401);
  });

  it('blocks an IP with 403.6 after repeated invalid requests, until the blocks are reset', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await restRequest(sim, '/123456/ping/', { password: 'guess' })).status).toBe(401);
    }
    const blocked = await restRequest(sim, '/123456/ping/', { password: PASSWORD });
    expect(blocked.status).toBe(403);
    expect(blocked.json()).toEqual(error('403.6', 'IP address rejected'));

    const reset = await controlRequest(sim, 'POST', '/api/reset-blocks', {});
    expect(reset.status).toBe(200);
    expect((await restRequest(sim, '/123456/ping/', { password: PASSWORD })).json()).toEqual({
      type: 'pong',
    });
  });

  it('records requests with the password redacted', async () => {
    await restRequest(sim, '/123456/ping/', { password: PASSWORD });
    await restRequest(sim, '/123456/ping/', { password: 'wrong-guess' });
    const record = JSON.stringify(sim.received.rest);
    expect(record).not.toContain(PASSWORD);
    expect(record).not.toContain('wrong-guess');
    expect(sim.received.rest).toEqual([
      expect.objectContaining({
        path: '/123456/ping/',
        status: 200,
        fields: { password: REDACTED },
      }),
      expect.objectContaining({ status: 401, code: '401', fields: { password: REDACTED } }),
    ]);
  });
});
