import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/simulator.js';
import { TestClient } from './clients.js';

// A modest count for the unit run; the benchmark drives 1,000.
const AGENTS = 200;
let sim: SimulatorHandle;
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  const ids = Array.from({ length: AGENTS }, (_, index) => `agent-${index}`);
  sim = await startSimulator({ agents: ids.map((crmId) => ({ crmId })) });
  // Connect in batches of 50 so the two shared cores are not flooded with TLS handshakes.
  for (let start = 0; start < ids.length; start += 50) {
    await Promise.all(
      ids.slice(start, start + 50).map(async (crmId) => {
        const { client, answer } = await TestClient.auth(sim, crmId);
        clients.set(crmId, client);
        expect(answer.type).toBe('authSuccess');
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([...clients.values()].map((client) => client.close()));
  await sim.close();
});

describe('stand-in at scale', () => {
  it(`holds ${AGENTS} connected agents`, () => {
    expect(sim.connectedCount()).toBe(AGENTS);
    expect(sim.agents().every((agent) => agent.connected)).toBe(true);
  });

  it('delivers one call to each, each with its own number', async () => {
    const sent = await sim.ringAll(
      'incoming',
      (crmId) => `07${crmId.replace(/\D/g, '').padStart(8, '0')}`,
    );
    expect(sent).toBe(AGENTS);
    const received = await Promise.all(
      [...clients].map(async ([crmId, client]) => ({ crmId, message: await client.next() })),
    );
    for (const { crmId, message } of received) {
      expect(message).toEqual({
        type: 'incomingCall',
        phoneNumber: `07${crmId.replace(/\D/g, '').padStart(8, '0')}`,
      });
    }
  });

  it('delivers a shared number to everyone', async () => {
    expect(await sim.ringAll('outgoing', '0312345678')).toBe(AGENTS);
    const messages = await Promise.all([...clients.values()].map((client) => client.next()));
    expect(new Set(messages.map((message) => JSON.stringify(message)))).toEqual(
      new Set([JSON.stringify({ type: 'outgoingCall', phoneNumber: '0312345678' })]),
    );
  });
});
