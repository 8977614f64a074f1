// doctor's TLS step names the certificate problem: an expired server certificate, and a CA
// file that does not sign the server's chain.
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';
import { makeTempDir, runCli, standInConfig } from './cli-harness.js';

let expired: SimulatorHandle;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const ca = await createCertificateAuthority('Expired Test CA');
  const day = 24 * 60 * 60 * 1000;
  const leaf = await ca.issueServer({
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    notBefore: new Date(Date.now() - 10 * day),
    notAfter: new Date(Date.now() - day),
  });
  expired = await startSimulator({ tls: { caCert: ca.cert, cert: leaf.cert, key: leaf.key } });
});
afterAll(async () => {
  await expired.close();
  await cleanup();
});

const env = () => ({ ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json') });

it('says the server certificate has expired', async () => {
  const config = await standInConfig(dir, expired);
  const result = await runCli(dir, ['doctor', '-c', config], { env: env() });
  expect(result.code).toBe(1);
  expect(result.out).toContain('✖ TLS certificate: the server certificate has expired');
});

it('says the CA file does not sign the server certificate', async () => {
  const other = await createCertificateAuthority('Unrelated CA');
  const caFile = path.join(dir, 'other-ca.pem');
  await writeFile(caFile, other.cert);
  const valid = await startSimulator();
  try {
    const config = await standInConfig(dir, valid, { accolades: { caFile } }, 'other.json');
    const result = await runCli(dir, ['doctor', '-c', config], { env: env() });
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      `✖ TLS certificate: unknown certificate authority: the server's certificate is not signed by the CA bundle in accolades.caFile (${caFile})`,
    );
  } finally {
    await valid.close();
  }
});
