// Mints a throw-away certificate authority and server certificates, for the local
// Accolades stand-in and for tests (a CA per run, never a disabled TLS check).
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's WebCrypto is the Crypto x509 wants; the build has no DOM lib to name it: cast.
x509.cryptoProvider.set(webcrypto as never);

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface MintedCertificate {
  /** PEM certificate. */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
}

export interface CertificateAuthority extends MintedCertificate {
  /** Issue a server certificate for these DNS names / IP addresses. */
  issueServer(options?: ServerCertificateOptions): Promise<MintedCertificate>;
}

export interface ServerCertificateOptions {
  /** DNS names; default ['localhost']. */
  dnsNames?: string[];
  /** IP addresses; default ['127.0.0.1', '::1']. */
  ipAddresses?: string[];
  /** Validity window; default from one day ago for 30 days. Use a past window for "expired". */
  notBefore?: Date;
  notAfter?: Date;
}

function toPem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex');
}

export async function createCertificateAuthority(
  commonName = 'Accolades Connector Test CA',
): Promise<CertificateAuthority> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 365 * DAY_MS),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const caKeyPem = toPem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));

  return {
    cert: caCert.toString('pem') + '\n',
    key: caKeyPem,
    async issueServer(options: ServerCertificateOptions = {}): Promise<MintedCertificate> {
      const dnsNames = options.dnsNames ?? ['localhost'];
      const ipAddresses = options.ipAddresses ?? ['127.0.0.1', '::1'];
      const leafKeys = (await webcrypto.subtle.generateKey(algorithm, true, [
        'sign',
        'verify',
      ])) as webcrypto.CryptoKeyPair;
      const issued = Date.now();
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: `CN=${dnsNames[0] ?? ipAddresses[0] ?? 'localhost'}`,
        issuer: caCert.subject,
        notBefore: options.notBefore ?? new Date(issued - DAY_MS),
        notAfter: options.notAfter ?? new Date(issued + 30 * DAY_MS),
        signingAlgorithm: algorithm,
        publicKey: leafKeys.publicKey,
        signingKey: keys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension([
            ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
            ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
          ]),
          await x509.AuthorityKeyIdentifierExtension.create(caCert),
        ],
      });
      return {
        cert: leaf.toString('pem') + '\n',
        key: toPem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey)),
      };
    },
  };
}
