import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';

function get(port: number, ca?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: '/', ...(ca ? { ca } : {}) }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('minted certificate authority', () => {
  it('issues a server certificate that verifies against the CA only', async () => {
    const ca = await createCertificateAuthority();
    const leaf = await ca.issueServer();
    const server = https.createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) =>
      res.end('hello'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(get(port, ca.cert)).resolves.toBe('hello');
      await expect(get(port)).rejects.toThrow(/self.signed|unable to (get|verify)/i);
    } finally {
      server.close();
    }
  });
});
