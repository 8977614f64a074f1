// The app hands the core the OS proxy (Electron's session.resolveProxy, PAC included): both the
// WSS link and REST must go through it, and a PAC answer must be read correctly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import { proxyFromPacResult, proxyLookupUrl } from '../../electron/core/net/pac-result.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import {
  DEMO_ACCOUNT,
  DEMO_AGENT_ID,
  DEMO_PASSWORD,
  startSimulator,
  type SimulatorHandle,
} from '../../electron/simulator/index.js';
import { ConnectProxy } from '../fakes/connect-proxy.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

describe('PAC answers', () => {
  it.each([
    ['PROXY proxy.corp:3128; DIRECT', 'http://proxy.corp:3128', []],
    ['HTTPS secure.corp:443', 'https://secure.corp:443', []],
    ['DIRECT', undefined, []],
    ['SOCKS5 10.0.0.1:1080; PROXY p:8080', 'http://p:8080', ['SOCKS5 10.0.0.1:1080']],
    ['SOCKS 10.0.0.1:1080', undefined, ['SOCKS 10.0.0.1:1080']],
    ['PROXY not a host; DIRECT', undefined, ['PROXY not a host']],
    ['', undefined, []],
  ])('%j → %s', (pac, proxy, skipped) => {
    expect(proxyFromPacResult(pac)).toEqual({ proxy, skipped });
  });

  it('asks about the https:// form of the server URL', () => {
    expect(proxyLookupUrl('wss://client.voipit.ro:14327')).toBe('https://client.voipit.ro:14327/');
  });
});

describe('the system proxy through the Connector', () => {
  let sim: SimulatorHandle | undefined;
  let proxy: ConnectProxy | undefined;
  let connector: Connector | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await connector?.stop();
    await sim?.close();
    await proxy?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('tunnels the WSS link and REST through the resolved proxy', async () => {
    sim = await startSimulator();
    proxy = await ConnectProxy.start();
    dir = await mkdtemp(join(tmpdir(), 'proxy-'));
    const asked: string[] = [];
    const port = new URL(sim.wssUrl).port;
    connector = new Connector({
      config: configSchema.parse({
        accolades: { url: sim.wssUrl, crmId: DEMO_AGENT_ID },
        rest: { baseUrl: sim.restBaseUrl, account: DEMO_ACCOUNT },
      }),
      logger: new MemoryLogger(),
      secrets: new MemorySecretStore({ restPassword: DEMO_PASSWORD }),
      history: new MemoryHistoryStore(),
      readTextFile: async () => sim!.caCert,
      resolveProxy: async (url) => {
        asked.push(url);
        return proxyFromPacResult(`PROXY ${new URL(proxy!.url).host}; DIRECT`).proxy;
      },
    });
    // The stand-in's CA is given as the admin CA bundle.
    await connector.applyConfig(
      configSchema.parse({
        ...connector.getConfig(),
        accolades: { ...connector.getConfig().accolades, caFile: 'ca.pem' },
      }),
    );
    await connector.start();
    const deadline = Date.now() + 5_000;
    while (connector.state.phase !== 'connected' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(connector.state.phase).toBe('connected');
    await connector.testCredentials();

    expect(asked[0]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(proxy.tunnels).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  });
});
