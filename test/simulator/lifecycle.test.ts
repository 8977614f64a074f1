import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../electron/simulator/simulator.js';
import { TestClient } from './clients.js';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('stand-in lifecycle', () => {
  it('listens on loopback by default and frees both ports on close', async () => {
    const sim = await startSimulator();
    const mainPort = Number(new URL(sim.wssUrl).port);
    const controlPort = Number(new URL(sim.controlUrl).port);
    expect(new URL(sim.wssUrl).hostname).toBe('127.0.0.1');
    expect(new URL(sim.restBaseUrl).port).toBe(String(mainPort));
    const { client } = await TestClient.auth(sim, 'demo-agent-1');
    await sim.close();
    expect(await client.closed).not.toBe(1000);
    expect(await listening(mainPort)).toBe(false);
    expect(await listening(controlPort)).toBe(false);
  });

  it('rejects with EADDRINUSE when a port is taken, without crashing or hanging', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startSimulator({ controlPort: taken })).rejects.toThrow(/EADDRINUSE/);
      await expect(startSimulator({ port: taken })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a broken agent list with a clear message', async () => {
    await expect(startSimulator({ agents: [{ crmId: 'a' }, { crmId: 'a' }] })).rejects.toThrow(
      /crmId "a" is listed twice/,
    );
    await expect(startSimulator({ agents: [{ crmId: '' }] })).rejects.toThrow(/non-empty string/);
  });
});
