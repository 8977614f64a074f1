// One HTTPS agent for REST (and lookups) that trusts the admin's extra CA bundle and goes
// through the configured proxy, like the WSS link does. Electron's Node ignores
// NODE_EXTRA_CA_CERTS, so the bundle is passed explicitly.
import type http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';

export interface AgentOptions {
  /** Extra trusted CA certificates, PEM text. */
  caPem?: string;
  /** http(s)://[user:pass@]host:port */
  proxy?: string;
}

/** Undefined when nothing special is configured (Node's global agent then applies). */
export function createHttpsAgent(options: AgentOptions): http.Agent | undefined {
  const ca = options.caPem ? [...tls.rootCertificates, options.caPem] : undefined;
  if (options.proxy) return new HttpsProxyAgent(options.proxy, ca ? { ca, keepAlive: false } : {});
  if (ca) return new https.Agent({ ca, keepAlive: false });
  return undefined;
}
