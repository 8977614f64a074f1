// Where the stand-in's TLS certificate comes from: given PEMs, a CA minted for this run, or a
// CA kept in a data directory so an admin trusts it once. The CA's private key is used only
// while minting and never written anywhere.
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { createCertificateAuthority } from './certificates.js';
import type { SimulatorTls } from './options.js';

export interface ResolvedTls extends SimulatorTls {
  /** Path of `ca.pem` when the material lives in a data directory. */
  caFile?: string;
  /** True when a new CA was minted into the data directory (it must be trusted again). */
  minted: boolean;
}

export const CA_FILE_NAME = 'ca.pem';
const SERVER_CERT_FILE = 'server.pem';
const SERVER_KEY_FILE = 'server-key.pem';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Leaf validity for a persistent directory: long enough to trust once, within the CA's year. */
const PERSISTENT_LEAF_DAYS = 360;
/** Mint again when the stored certificate expires within this many days. */
const RENEW_BEFORE_DAYS = 7;

async function mint(leafDays: number | undefined): Promise<SimulatorTls> {
  const ca = await createCertificateAuthority('Accolades Connector local stand-in CA');
  const now = Date.now();
  const leaf = await ca.issueServer({
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
    ...(leafDays === undefined
      ? {}
      : { notBefore: new Date(now - DAY_MS), notAfter: new Date(now + leafDays * DAY_MS) }),
  });
  return { caCert: ca.cert, cert: leaf.cert, key: leaf.key };
}

/**
 * Someone else's files in the data directory could be a CA whose key they hold, which the
 * admin would then trust system-wide: refuse them (POSIX; Windows ACLs are not checked).
 */
async function assertOwnedByUs(path: string): Promise<void> {
  if (typeof process.getuid !== 'function') return;
  const info = await stat(path);
  if (info.uid !== process.getuid() || (info.mode & 0o022) !== 0) {
    throw new Error(
      `${path} belongs to another user or is writable by others; refusing to use it as the stand-in's CA. ` +
        'Delete it or choose another data directory.',
    );
  }
}

async function readStored(dataDir: string, now: number): Promise<SimulatorTls | undefined> {
  const paths = [CA_FILE_NAME, SERVER_CERT_FILE, SERVER_KEY_FILE].map((name) =>
    join(dataDir, name),
  );
  let texts: string[];
  try {
    texts = await Promise.all(paths.map((path) => readFile(path, 'utf8')));
  } catch {
    // Missing or unreadable files: mint a fresh set (the caller says it must be trusted again).
    return undefined;
  }
  await assertOwnedByUs(dataDir);
  for (const path of paths) await assertOwnedByUs(path);
  const [caCert = '', cert = '', key = ''] = texts;
  try {
    const ca = new x509.X509Certificate(caCert);
    const leaf = new x509.X509Certificate(cert);
    // A leaf from another CA would make every client fail with a confusing TLS error.
    if (!(await leaf.verify({ publicKey: ca.publicKey, signatureOnly: true }))) return undefined;
    const expires = Math.min(ca.notAfter.getTime(), leaf.notAfter.getTime());
    return expires - now > RENEW_BEFORE_DAYS * DAY_MS ? { caCert, cert, key } : undefined;
  } catch {
    // Unparsable files: mint a fresh set.
    return undefined;
  }
}

export async function resolveTls(options: {
  tls?: SimulatorTls;
  dataDir?: string;
}): Promise<ResolvedTls> {
  if (options.tls) return { ...options.tls, minted: false };
  if (options.dataDir === undefined) return { ...(await mint(undefined)), minted: true };

  const dataDir = options.dataDir;
  const caFile = join(dataDir, CA_FILE_NAME);
  const stored = await readStored(dataDir, Date.now());
  if (stored) return { ...stored, caFile, minted: false };

  const fresh = await mint(PERSISTENT_LEAF_DAYS);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(join(dataDir, SERVER_KEY_FILE), fresh.key, { mode: 0o600 });
  // `mode` only applies to a new file: tighten one left over from an earlier set too.
  await chmod(join(dataDir, SERVER_KEY_FILE), 0o600);
  await writeFile(join(dataDir, SERVER_CERT_FILE), fresh.cert);
  await writeFile(caFile, fresh.caCert);
  return { ...fresh, caFile, minted: true };
}

/** How to use the CA with the connector, then how to trust it system-wide on this OS. */
export function trustInstructions(
  caFile: string,
  platform: NodeJS.Platform = process.platform,
): [connector: string, system: string] {
  const system =
    platform === 'darwin'
      ? `security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db ${caFile}`
      : platform === 'win32'
        ? `certutil -user -addstore Root "${caFile}"`
        : `sudo cp ${caFile} /usr/local/share/ca-certificates/accolades-stand-in.crt && sudo update-ca-certificates (Debian/Ubuntu)`;
  return [`set accolades.caFile to ${caFile} (no system change needed)`, system];
}
