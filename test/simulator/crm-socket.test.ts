import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/simulator.js';
import type { SimulatorOptions } from '../../electron/simulator/options.js';
import { controlRequest, TestClient } from './clients.js';

const agents: SimulatorOptions['agents'] = [
  {
    crmId: 'alice',
    configuration: { account: '{"crm":"https://crm.example.com"}', phone: 'ext 101', agent: '' },
  },
  { crmId: 'bob' },
  { crmId: 'away', loggedIn: false },
  { crmId: 'remote', expectedIp: '203.0.113.7' },
  { crmId: 'local', expectedIp: '127.0.0.1' },
];

let sim: SimulatorHandle | undefined;
const clients: TestClient[] = [];

async function start(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  sim = await startSimulator({ agents, ...options });
  return sim;
}

async function auth(
  crmId: string,
): Promise<{ client: TestClient; answer: Record<string, unknown> }> {
  const result = await TestClient.auth(sim!, crmId);
  clients.push(result.client);
  return result;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await sim?.close();
  sim = undefined;
});

describe('External CRM WebSocket stand-in', () => {
  it.each(['authSuccess', 'authSucces'] as const)(
    'answers a known agent with %s and a version',
    async (spelling) => {
      await start({ spelling, apiVersion: '2.0.1' });
      const { answer } = await auth('alice');
      expect(answer).toEqual({ type: spelling, version: '2.0.1' });
    },
  );

  it.each([
    ['an unknown crmId', 'nobody', 'ID_NOT_FOUND'],
    ['an agent not logged in', 'away', 'ID_NOT_FOUND'],
    ['an agent expected on another IP', 'remote', 'IP_MISSMATCH'],
  ])('refuses %s with %s', async (_label, crmId, reason) => {
    await start();
    const { client, answer } = await auth(crmId);
    expect(answer).toEqual({ type: 'authFailed', reason });
    // The socket is closed after the failure (the default).
    expect(await client.closed).toBe(1000);
  });

  it('accepts an agent whose expected IP is the socket address', async () => {
    await start();
    expect((await auth('local')).answer.type).toBe('authSuccess');
  });

  it('allows one connection per agent: the second gets CONNECTION_EXISTS, the slot frees on close', async () => {
    await start();
    const first = await auth('alice');
    expect(first.answer.type).toBe('authSuccess');
    expect((await auth('alice')).answer).toEqual({
      type: 'authFailed',
      reason: 'CONNECTION_EXISTS',
    });
    await first.client.close();
    await expect.poll(() => sim!.connectedCount()).toBe(0);
    expect((await auth('alice')).answer.type).toBe('authSuccess');
  });

  it('can keep the socket open after authFailed when asked', async () => {
    await start({ closeOnAuthFailure: false });
    const { client, answer } = await auth('nobody');
    expect(answer.reason).toBe('ID_NOT_FOUND');
    client.send({ type: 'authRequest', idCrm: 'bob' });
    expect((await client.next()).type).toBe('authSuccess');
  });

  it('answers configuration with the agent settings, and only after authentication', async () => {
    await start();
    const client = await TestClient.open(sim!.wssUrl, sim!.caCert);
    clients.push(client);
    client.send({ type: 'configuration' });
    expect(await client.next()).toEqual({ type: 'error', message: 'not authenticated' });
    client.send({ type: 'authRequest', idCrm: 'alice' });
    await client.next();
    client.send({ type: 'configuration' });
    expect(await client.next()).toEqual({
      type: 'configuration',
      account: '{"crm":"https://crm.example.com"}',
      phone: 'ext 101',
      agent: '',
    });
  });

  it('answers unknown, malformed and binary messages with an error and stays up', async () => {
    await start();
    const { client } = await auth('alice');
    client.send({ type: 'hello' });
    expect(await client.next()).toMatchObject({
      type: 'error',
      message: expect.stringContaining('unknown'),
    });
    client.send('{not json');
    expect((await client.next()).type).toBe('error');
    client.send([1, 2]);
    expect((await client.next()).type).toBe('error');
    client.socket.send(Buffer.from([0, 1, 2]), { binary: true });
    expect(await client.next()).toEqual({
      type: 'error',
      message: 'binary frames are not supported',
    });
    client.send({ type: 'authRequest', idCrm: 'alice' });
    expect(await client.next()).toEqual({ type: 'error', message: 'already authenticated' });
    client.send({ type: 'configuration' });
    expect((await client.next()).type).toBe('configuration');
  });

  it('rings only the agent named through the control API', async () => {
    await start();
    const alice = await auth('alice');
    const bob = await auth('bob');
    const answer = await controlRequest(sim!, 'POST', '/api/ring', {
      crmId: 'bob',
      direction: 'incoming',
      phoneNumber: '0712345678',
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({
      delivered: true,
      callId: expect.stringMatching(/^\d+\.\d+$/),
    });
    expect(await bob.client.next()).toEqual({ type: 'incomingCall', phoneNumber: '0712345678' });

    await controlRequest(sim!, 'POST', '/api/ring', {
      crmId: 'alice',
      direction: 'outgoing',
      phoneNumber: '+40211234567',
    });
    expect(await alice.client.next()).toEqual({
      type: 'outgoingCall',
      phoneNumber: '+40211234567',
    });
    // Alice got only her own call: the ping-pong round trip proves nothing else is in flight.
    alice.client.send({ type: 'configuration' });
    expect((await alice.client.next()).type).toBe('configuration');
    expect(bob.client.pending()).toEqual([]);

    const nobody = await controlRequest(sim!, 'POST', '/api/ring', {
      crmId: 'away',
      phoneNumber: '1',
    });
    expect(nobody.json()).toEqual({ delivered: false });
  });

  it('sends connectionClosed and closes on drop; the agent can reconnect', async () => {
    await start();
    const alice = await auth('alice');
    const bob = await auth('bob');
    expect((await controlRequest(sim!, 'POST', '/api/drop', { crmId: 'alice' })).json()).toEqual({
      dropped: 1,
    });
    expect(await alice.client.next()).toEqual({ type: 'connectionClosed' });
    expect(await alice.client.closed).toBe(1000);
    expect((await auth('alice')).answer.type).toBe('authSuccess');

    expect((await controlRequest(sim!, 'POST', '/api/drop', {})).json()).toEqual({ dropped: 2 });
    expect(await bob.client.next()).toEqual({ type: 'connectionClosed' });
  });

  it('sends raw frames, text or binary, only to an agent with an open connection', async () => {
    await start();
    const socket = new WebSocket(sim!.wssUrl, { ca: sim!.caCert });
    const frames: Array<{ text: string; binary: boolean }> = [];
    socket.on('message', (data, binary) => frames.push({ text: String(data), binary }));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'authRequest', idCrm: 'bob' }));
    await vi.waitFor(() => expect(frames).toHaveLength(1));

    expect(sim!.sendRaw('bob', '{"type":"incomingCall",')).toBe(true);
    expect(sim!.sendRaw('bob', Buffer.from([0xff, 0x00, 0xfe]))).toBe(true);
    expect(sim!.sendRaw('alice', 'not connected')).toBe(false);
    expect(sim!.sendRaw('ghost', 'no such agent')).toBe(false);
    await vi.waitFor(() => expect(frames).toHaveLength(3));
    expect(frames.slice(1)).toEqual([
      { text: '{"type":"incomingCall",', binary: false },
      { text: Buffer.from([0xff, 0x00, 0xfe]).toString(), binary: true },
    ]);
    socket.close();
  });

  it('logout drops the connection and refuses the agent until login', async () => {
    await start();
    const alice = await auth('alice');
    expect((await controlRequest(sim!, 'POST', '/api/agents/alice/logout', {})).status).toBe(200);
    expect(await alice.client.next()).toEqual({ type: 'connectionClosed' });
    expect((await auth('alice')).answer).toEqual({ type: 'authFailed', reason: 'ID_NOT_FOUND' });
    await controlRequest(sim!, 'POST', '/api/agents/alice/login', {});
    expect((await auth('alice')).answer.type).toBe('authSuccess');
    expect((await controlRequest(sim!, 'POST', '/api/agents/ghost/login', {})).status).toBe(404);
  });

  it('records what each agent sent', async () => {
    await start();
    const { client } = await auth('alice');
    client.send({ type: 'configuration' });
    await client.next();
    const received = (await controlRequest(sim!, 'GET', '/api/received')).json() as {
      ws: { event: string; crmId?: string; message?: unknown }[];
    };
    const messages = received.ws.filter((entry) => entry.event === 'message');
    expect(messages).toEqual([
      expect.objectContaining({ message: { type: 'authRequest', idCrm: 'alice' } }),
      expect.objectContaining({ crmId: 'alice', message: { type: 'configuration' } }),
    ]);
  });

  it('is only trusted through its CA', async () => {
    await start();
    const other = await createCertificateAuthority();
    await expect(TestClient.open(sim!.wssUrl, other.cert)).rejects.toThrow(
      /self.signed|unable to (get|verify)/i,
    );
    const socket = new WebSocket(sim!.wssUrl);
    await expect(new Promise((_resolve, reject) => socket.once('error', reject))).rejects.toThrow();
  });

  it('closes a socket that sends an oversized frame, without harming others', async () => {
    await start({ maxFrameBytes: 1024 });
    const bob = await auth('bob');
    const alice = await auth('alice');
    alice.client.send({ type: 'configuration', pad: 'x'.repeat(2048) });
    expect(await alice.client.closed).toBe(1009);
    expect(sim!.ringAgent('bob', 'incoming', '0700000000').delivered).toBe(true);
    expect(await bob.client.next()).toEqual({ type: 'incomingCall', phoneNumber: '0700000000' });
  });
});
