// What the built CLI loads, seen from outside: each command is started the way a user starts
// it, with a loader hook (test/fixtures/record-imports) that records every module the process
// resolves, static or dynamic. `run` without the optional features must not load the heavy
// modules — the stand-in and its certificate minting, https-proxy-agent, `open`, the JSON-schema
// and settings export, the other commands, the bridge, pairing and lookup code — and with each
// feature on, it does load what that feature needs. An eager import re-added anywhere on the
// path (a static import of a command, of the stand-in, of `open`…) fails the first test.
import { readFile, writeFile, chmod } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorConfigInput } from '../../electron/core/config/index.js';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';
import { ConnectProxy } from '../fakes/connect-proxy.js';
import { ensureBuilt } from '../process/built-cli.js';
import {
  childEnv,
  ConnectorProcess,
  isState,
  STARTUP_TIMEOUT_MS,
} from '../process/connector-process.js';
import { makeTempDir, standInConfig } from './cli-harness.js';

const REGISTER = path.resolve(
  import.meta.dirname,
  '..',
  'fixtures',
  'record-imports',
  'register.mjs',
);

/** Module groups `run` must not load unless a feature needs them: name → test on a URL. */
const HEAVY: Record<string, (url: string) => boolean> = {
  '@peculiar/x509 (certificate minting)': (u) => u.includes('/node_modules/@peculiar/x509/'),
  'the stand-in': (u) => u.includes('/dist/electron/simulator/'),
  'https-proxy-agent': (u) => u.includes('/node_modules/https-proxy-agent/'),
  open: (u) => u.includes('/node_modules/open/'),
  'JSON-schema export': (u) => u.endsWith('/dist/electron/core/config/json-schema.js'),
  'settings export/import': (u) => u.endsWith('/dist/electron/core/config/export-import.js'),
  'another command': (u) => /\/dist\/electron\/cli\/(?!run-command)[a-z-]+-command\.js$/.test(u),
  'the bridge server': (u) => u.endsWith('/dist/electron/core/bridge/bridge-server.js'),
  'the pairing endpoint': (u) => u.endsWith('/dist/electron/core/pairing/pairing-http.js'),
  'the contact lookup': (u) => u.endsWith('/dist/electron/core/lookup/contact-lookup.js'),
};

const loadedGroups = (urls: string[]): string[] =>
  Object.entries(HEAVY)
    .filter(([, test]) => urls.some(test))
    .map(([name]) => name);

let dir: string;
let cleanup: () => Promise<void>;
let stand: SimulatorHandle;
let browser: string;

beforeAll(async () => {
  await ensureBuilt();
  ({ dir, cleanup } = await makeTempDir());
  stand = await startSimulator();
  // The "browser": named in the settings by path, so the CLI starts it itself (no `open`).
  browser = path.join(dir, 'browser.sh');
  await writeFile(browser, '#!/bin/sh\nexit 0\n');
  await chmod(browser, 0o755);
}, 120_000);

afterAll(async () => {
  await stand?.close();
  await cleanup?.();
});

function recordedEnv(name: string, extra: NodeJS.ProcessEnv = {}) {
  const file = path.join(dir, `${name}-imports.txt`);
  const env = childEnv(dir, {
    ...extra,
    NODE_OPTIONS: `--import ${pathToFileURL(REGISTER).href}`,
    RECORD_IMPORTS_FILE: file,
  });
  return { env, read: async () => (await readFile(file, 'utf8')).split('\n').filter(Boolean) };
}

/** `run` with these settings: connected, one call popped, then stopped; the URLs it resolved. */
async function recordRun(
  name: string,
  extra: ConnectorConfigInput,
  env: NodeJS.ProcessEnv = {},
): Promise<string[]> {
  const config = await standInConfig(
    dir,
    stand,
    {
      ...extra,
      screenPop: { browser },
      rules: [{ name: 'Web CRM', direction: 'inbound', open: 'https://crm.example.com/?n={e164}' }],
    },
    `${name}.json`,
  );
  const recorded = recordedEnv(name, env);
  const proc = ConnectorProcess.start(
    ['run', '--config', config, '--data-dir', path.join(dir, `${name}-data`)],
    { cwd: dir, env: recorded.env },
  );
  try {
    await proc.waitForLine(isState('connected'), { timeoutMs: STARTUP_TIMEOUT_MS });
    const before = proc.mark();
    expect(stand.ringAgent('demo-agent-1', 'incoming', '0712345678').delivered).toBe(true);
    const action = await proc.waitForLine((l) => l.type === 'action', {
      timeoutMs: 30_000,
      after: before,
    });
    expect(action).toMatchObject({ kind: 'open', ok: true });
    // The lookup (when on) runs after the pop; give it its moment to load and answer.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    proc.signal('SIGTERM');
    await proc.waitForExit(15_000);
  }
  return recorded.read();
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the built CLI loads per command and per feature', () => {
  it('run, optional features off: none of the heavy modules, and the hook does see the run path', async () => {
    const urls = await recordRun('plain', {});
    // The hook works: what `run` needs is in the list.
    expect(urls.some((u) => u.endsWith('/dist/electron/cli/run-command.js'))).toBe(true);
    expect(urls.some((u) => u.includes('/node_modules/ws/'))).toBe(true);
    expect(urls.some((u) => u.includes('/node_modules/libphonenumber-js/'))).toBe(true);
    expect(loadedGroups(urls)).toEqual([]);
  }, 90_000);

  it('run with a proxy, the bridge, pairing and the lookup on: loads exactly their code', async () => {
    const proxy = await ConnectProxy.start();
    try {
      const urls = await recordRun(
        'features',
        {
          accolades: { proxy: proxy.url },
          bridge: { enabled: true, port: await freePort() },
          pairing: { enabled: true, port: await freePort() },
          lookup: { url: `${stand.restBaseUrl}/lookup?n={e164}` },
        },
        { ACCOLADES_BRIDGE_TOKEN: 'lazy-imports-test-token' },
      );
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(loadedGroups(urls)).toEqual([
        'https-proxy-agent',
        'the bridge server',
        'the pairing endpoint',
        'the contact lookup',
      ]);
    } finally {
      await proxy.close();
    }
  }, 90_000);

  it('simulator: loads the stand-in and certificate minting, which run never does', async () => {
    const recorded = recordedEnv('simulator');
    const proc = ConnectorProcess.start(
      ['simulator', '--port', '0', '--control-port', '0', '--data-dir', path.join(dir, 'sim')],
      { cwd: dir, env: recorded.env },
    );
    try {
      await proc.waitForText(/wss:\/\/127\.0\.0\.1:\d+/, { timeoutMs: STARTUP_TIMEOUT_MS });
    } finally {
      proc.signal('SIGTERM');
      await proc.waitForExit(15_000);
    }
    const groups = loadedGroups(await recorded.read());
    expect(groups).toContain('@peculiar/x509 (certificate minting)');
    expect(groups).toContain('the stand-in');
    expect(groups).toContain('another command');
  }, 90_000);
});
