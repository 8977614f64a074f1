import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import { runSimulatorCli } from '../../electron/simulator/cli.js';
import type { SimulatorHandle } from '../../electron/simulator/simulator.js';
import { restRequest, TestClient } from './clients.js';

let dataDir: string | undefined;
let handle: SimulatorHandle | undefined;

afterEach(async () => {
  await handle?.close();
  handle = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function run(): Promise<{ handle: SimulatorHandle; output: string }> {
  let output = '';
  handle = await runSimulatorCli(
    { port: 0, controlPort: 0, dataDir },
    { write: (text: string) => (output += text) },
  );
  return { handle, output };
}

describe('runSimulatorCli', () => {
  it('starts the demo setup, prints how to use it, and keeps its CA for the next run', async () => {
    dataDir = await mkdtemp(join(os.tmpdir(), 'stand-in-'));
    const first = await run();
    const caFile = join(dataDir, 'ca.pem');
    expect(first.handle.caFile).toBe(caFile);
    expect(await readFile(caFile, 'utf8')).toBe(first.handle.caCert);
    expect((await stat(join(dataDir, 'server-key.pem'))).mode & 0o077).toBe(0);
    expect(first.output).toContain(first.handle.wssUrl);
    expect(first.output).toContain(first.handle.controlUrl);
    expect(first.output).toContain(
      `accolades.url = ${first.handle.wssUrl} and accolades.caFile = ${caFile}`,
    );
    expect(first.output).toContain('demo-agent-1');

    // The demo agent and the demo REST account work out of the box, over the persisted CA.
    const { client, answer } = await TestClient.auth(first.handle, 'demo-agent-1');
    expect(answer.type).toBe('authSuccess');
    const dial = await restRequest(first.handle, '/123456/dial/', {
      password: 'demo-password',
      deviceId: '42',
      phoneNumber: '0712345678',
    });
    expect(dial.json()).toEqual({ type: 'ok' });
    expect(await client.next()).toEqual({ type: 'outgoingCall', phoneNumber: '0712345678' });
    await client.close();
    await first.handle.close();

    const second = await run();
    expect(second.handle.caCert).toBe(first.handle.caCert);
  });

  it('mints a new CA when the stored certificate was not issued by the stored CA', async () => {
    dataDir = await mkdtemp(join(os.tmpdir(), 'stand-in-'));
    const first = await run();
    await first.handle.close();
    const stranger = await createCertificateAuthority();
    await writeFile(join(dataDir, 'ca.pem'), stranger.cert);
    const second = await run();
    expect(second.handle.caCert).not.toBe(stranger.cert);
    expect(second.handle.caCert).not.toBe(first.handle.caCert);
    const { client, answer } = await TestClient.auth(second.handle, 'demo-agent-1');
    expect(answer.type).toBe('authSuccess');
    await client.close();
  });

  it.skipIf(typeof process.getuid !== 'function')(
    'refuses a CA file others can write',
    async () => {
      dataDir = await mkdtemp(join(os.tmpdir(), 'stand-in-'));
      await (await run()).handle.close();
      handle = undefined;
      await chmod(join(dataDir, 'ca.pem'), 0o666);
      await expect(run()).rejects.toThrow(/writable by others/);
    },
  );
});
