// The CLI and proxies: `accolades.proxy` (here via --set) carries the WSS link and REST through
// an HTTP CONNECT proxy; a 407 is reported plainly; HTTPS_PROXY from the environment is not
// used for this computer (loopback), so the local stand-in stays reachable.
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  startSimulator,
  type SimulatorHandle,
} from '../../electron/simulator/index.js';
import { makeTempDir, runCli, standInConfig } from './cli-harness.js';

let stand: SimulatorHandle;
let dir: string;
let cleanup: () => Promise<void>;
let config: string;
let proxy: net.Server;
let proxyUrl: string;
let demandAuth = false;
const connects: string[] = [];
const proxySockets = new Set<net.Socket>();

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  stand = await startSimulator();
  config = await standInConfig(dir, stand);
  proxy = net.createServer((client) => {
    client.on('error', () => {});
    proxySockets.add(client);
    client.on('close', () => proxySockets.delete(client));
    client.once('data', (head) => {
      const target = /^CONNECT ([^ ]+) HTTP/.exec(head.toString())?.[1] ?? '';
      connects.push(target);
      if (demandAuth) {
        client.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
      const port = Number(target.split(':').pop());
      const upstream = net.connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await stand.close();
  for (const socket of proxySockets) socket.destroy();
  await new Promise((resolve) => proxy.close(resolve));
  await cleanup();
});

const env = (extra: Record<string, string> = {}) => ({
  ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json'),
  ACCOLADES_REST_PASSWORD: DEMO_PASSWORD,
  ...extra,
});

it('doctor and dial go through the proxy named by accolades.proxy', async () => {
  connects.length = 0;
  demandAuth = false;
  const doctor = await runCli(
    dir,
    ['doctor', '-c', config, '--set', `accolades.proxy=${proxyUrl}`],
    { env: env() },
  );
  expect(doctor.out).toContain('All checks passed.');
  expect(doctor.code).toBe(0);
  const standPort = new URL(stand.wssUrl).port;
  // One CONNECT for the WSS sign-in, one for REST ping.
  expect(connects.filter((c) => c.endsWith(`:${standPort}`)).length).toBeGreaterThanOrEqual(2);

  connects.length = 0;
  const dial = await runCli(
    dir,
    ['dial', '0712345678', '-c', config, '--set', `accolades.proxy=${proxyUrl}`],
    { env: env() },
  );
  expect(dial.code).toBe(0);
  expect(connects).toEqual([`127.0.0.1:${standPort}`]);
});

it('a proxy 407 is one plain line in doctor', async () => {
  demandAuth = true;
  try {
    const doctor = await runCli(
      dir,
      ['doctor', '-c', config, '--set', `accolades.proxy=${proxyUrl}`],
      { env: env() },
    );
    expect(doctor.code).toBe(1);
    expect(doctor.out).toContain('✖ WebSocket sign-in: proxy authentication failed (HTTP 407)');
  } finally {
    demandAuth = false;
  }
});

it('HTTPS_PROXY is not used for the loopback stand-in', async () => {
  connects.length = 0;
  const doctor = await runCli(dir, ['doctor', '-c', config], {
    env: env({ HTTPS_PROXY: proxyUrl }),
  });
  expect(doctor.code).toBe(0);
  expect(connects).toEqual([]);
});
