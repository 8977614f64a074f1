// What the hosted connector may send: the three values Accolades puts in its query string.
// Checked strictly, because any page the admin allowed (and anything that can fake its Origin
// from this computer) can post here.
import { z } from 'zod';

const LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

export const pairingInputSchema = z.strictObject({
  /** The agent's CRM ID as the Agent page knows it (the docs' example: f8cb549544). */
  agentId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, dot, dash or underscore'),
  serverFqdn: z
    .string()
    .max(253)
    .regex(HOSTNAME, 'must be a host name such as client.voipit.ro')
    .transform((host) => host.toLowerCase()),
  /** A number, or digits (it comes from a query string). */
  serverPort: z
    .union([z.number(), z.string().regex(/^\d{1,5}$/, 'must be a port number')])
    .transform(Number)
    .pipe(z.number().int().min(1).max(65535)),
});

export type PairingInput = z.output<typeof pairingInputSchema>;

export type PairingInputResult = { ok: true; value: PairingInput } | { ok: false; error: string };

export function parsePairingInput(value: unknown): PairingInputResult {
  const parsed = pairingInputSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: `${where}${issue?.message ?? 'invalid pairing request'}` };
}

/** wss://host:port for the Accolades link. */
export function serverUrlOf(input: PairingInput): string {
  return `wss://${input.serverFqdn}:${input.serverPort}`;
}

/** host:port as pairing.allowedServers lists it (the host is already lower case). */
export function serverAddressOf(input: PairingInput): string {
  return `${input.serverFqdn}:${input.serverPort}`;
}

/**
 * Whether the request names the server accolades.url already points at. Compared as host and
 * port (wss:// without a port is 443), so "wss://Client.voipit.ro:14327/" is the same server.
 */
export function sameServer(configuredUrl: string, input: PairingInput): boolean {
  let url: URL;
  try {
    url = new URL(configuredUrl);
  } catch {
    return false;
  }
  const port = url.port === '' ? (url.protocol === 'ws:' ? 80 : 443) : Number(url.port);
  return url.hostname.toLowerCase() === input.serverFqdn && port === input.serverPort;
}
