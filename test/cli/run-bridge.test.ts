// `run` with the local bridge, the caller-name lookup and pairing switched on, in-process
// against the stand-in: the bridge token comes from ACCOLADES_BRIDGE_TOKEN, a bridge client gets
// the call verbatim, the caller's name is a JSON line, a pairing request is printed and changes
// nothing without --accept-pairing (and applies for the run with it).
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../electron/cli/index.js';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';
import { TestClient } from '../bridge/bridge-clients.js';
import { captureIo, makeTempDir, standInConfig } from './cli-harness.js';

let stand: SimulatorHandle;
let crm: https.Server;
let dir: string;
let caFile: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  stand = await startSimulator();
  const ca = await createCertificateAuthority();
  const leaf = await ca.issueServer();
  crm = https.createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: [{ fullName: 'Ion Popescu' }] }));
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  // One bundle for both: the stand-in's CA (WSS) and the CRM's (lookup).
  caFile = path.join(dir, 'both-cas.pem');
  await writeFile(caFile, `${stand.caCert}\n${ca.cert}\n`);
});
afterAll(async () => {
  crm.closeAllConnections();
  await new Promise((resolve) => crm.close(resolve));
  await stand.close();
  await cleanup();
});

/** A port that was free a moment ago (the config needs a fixed one; 0 is not allowed). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function waitForLine(
  out: () => string,
  test: (line: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  // Polls the captured stdout; the test's timeout bounds the wait.
  for (;;) {
    const found = jsonLines(out()).find(test);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function pair(port: number, agentId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(stand.wssUrl);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/pair',
        headers: { 'content-type': 'application/json', origin: 'https://client.voipit.ro' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ agentId, serverFqdn: url.hostname, serverPort: url.port }));
  });
}

async function config(name: string) {
  const bridgePort = await freePort();
  const pairingPort = await freePort();
  const file = await standInConfig(
    dir,
    stand,
    {
      accolades: { caFile },
      bridge: { enabled: true, port: bridgePort, requireToken: true },
      pairing: { enabled: true, port: pairingPort },
      lookup: {
        url: `https://127.0.0.1:${(crm.address() as AddressInfo).port}/c?p={e164}`,
        namePath: 'data.0.fullName',
      },
    },
    name,
  );
  return { file, bridgePort, pairingPort };
}

it('bridges calls, prints caller names and pairing requests as JSON lines', async () => {
  const { file, bridgePort, pairingPort } = await config('bridge.json');
  const captured = captureIo(dir, {
    env: {
      ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json'),
      ACCOLADES_BRIDGE_TOKEN: 'tok-from-env',
    },
  });
  const running = main(['run', '-c', file, '--data-dir', path.join(dir, 'data')], captured.io);
  try {
    expect(await waitForLine(captured.out, (l) => l.type === 'bridge')).toMatchObject({
      listening: `127.0.0.1:${bridgePort}`,
    });
    await waitForLine(captured.out, (l) => l.type === 'state' && l.phase === 'connected');

    // requireToken: the CRM ID is refused, the token from the environment accepted.
    const refused = await TestClient.open(bridgePort);
    refused.send({ type: 'authRequest', idCrm: 'demo-agent-1' });
    expect(await refused.waitFor((f) => f.type === 'authFailed')).toMatchObject({
      reason: 'ID_NOT_FOUND',
    });
    const client = await TestClient.authenticated(bridgePort, 'tok-from-env');
    await waitForLine(
      captured.out,
      (l) =>
        l.type === 'bridgeClients' &&
        Array.isArray(l.clients) &&
        (l.clients as Array<{ authenticated: boolean }>).some((c) => c.authenticated),
    );

    stand.ringAgent('demo-agent-1', 'incoming', '0712 345 678');
    expect(await client.waitFor((f) => f.type === 'incomingCall')).toEqual({
      type: 'incomingCall',
      phoneNumber: '0712 345 678',
    });
    const call = await waitForLine(captured.out, (l) => l.type === 'call');
    const named = await waitForLine(captured.out, (l) => l.type === 'callerName');
    expect(named).toMatchObject({ callId: call.id, name: 'Ion Popescu' });
    client.socket.close();

    expect(await pair(pairingPort, 'agent-from-page')).toBe(202);
    const request = await waitForLine(captured.out, (l) => l.type === 'pairingRequest');
    expect(request).toMatchObject({
      agentId: 'agent-from-page',
      question: 'Use the CRM ID from your Accolades Agent page?',
      accepted: false,
    });
  } finally {
    captured.stop('SIGINT');
    expect(await running).toBe(0);
  }
  expect(jsonLines(captured.out()).some((l) => l.type === 'paired')).toBe(false);
  // The token never reaches stdout or the logs.
  expect(captured.out() + captured.err()).not.toContain('tok-from-env');
}, 30_000);

it('with --accept-pairing uses the offered CRM ID for this run', async () => {
  const { file, pairingPort } = await config('accept.json');
  const captured = captureIo(dir);
  const running = main(
    ['run', '-c', file, '--data-dir', path.join(dir, 'data2'), '--accept-pairing'],
    captured.io,
  );
  try {
    await waitForLine(captured.out, (l) => l.type === 'state' && l.phase === 'connected');
    expect(await pair(pairingPort, 'demo-agent-2')).toBe(202);
    expect(await waitForLine(captured.out, (l) => l.type === 'paired')).toMatchObject({
      crmId: 'demo-agent-2',
    });
    // The connector reconnects as the paired agent: the stand-in rings it there.
    await waitForLine(captured.out, (l) => l.type === 'state' && l.phase === 'connecting');
    await waitForLine(
      captured.out,
      (l) =>
        l.type === 'state' &&
        l.phase === 'connected' &&
        stand.agents().some((a) => a.crmId === 'demo-agent-2' && a.connected),
    );
  } finally {
    captured.stop('SIGINT');
    expect(await running).toBe(0);
  }
}, 30_000);
