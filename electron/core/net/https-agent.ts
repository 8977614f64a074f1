// One HTTPS agent for REST (and lookups) that trusts the admin's extra CA bundle and goes
// through the configured proxy, like the WSS link does. Electron's Node ignores
// NODE_EXTRA_CA_CERTS, so the bundle is passed explicitly.
import type http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { HttpsProxyAgent } from 'https-proxy-agent';
import { loadProxyAgent, type ProxyAgentClass } from './proxy-agent.js';

export interface AgentOptions {
  /** Extra trusted CA certificates, PEM text. */
  caPem?: string;
  /** http(s)://[user:pass@]host:port */
  proxy?: string;
}

/**
 * Undefined when nothing special is configured (Node's global agent then applies). Async
 * because the proxy agent's package is loaded only when a proxy is configured.
 */
export async function createHttpsAgent(options: AgentOptions): Promise<http.Agent | undefined> {
  const ca = options.caPem ? [...tls.rootCertificates, options.caPem] : undefined;
  if (options.proxy) {
    const ProxyAgent = await loadProxyAgent();
    return ca
      ? new (caTrustingProxyAgent(ProxyAgent))(options.proxy, ca)
      : new ProxyAgent(options.proxy);
  }
  if (ca) return new https.Agent({ ca, keepAlive: false });
  return undefined;
}

// HttpsProxyAgent uses its constructor options only for the hop to the proxy; the TLS session
// with the real server behind the CONNECT takes the per-request options. So the extra CAs must
// be added to those, or a TLS-inspecting corporate proxy's CA would be ignored for REST.
// A class made from the loaded one (the package is not imported at start).
let caTrusting: (new (proxy: string, ca: string[]) => HttpsProxyAgent<string>) | undefined;

function caTrustingProxyAgent(
  ProxyAgent: ProxyAgentClass,
): new (proxy: string, ca: string[]) => HttpsProxyAgent<string> {
  caTrusting ??= class CaTrustingProxyAgent extends ProxyAgent<string> {
    constructor(
      proxy: string,
      private readonly ca: string[],
    ) {
      super(proxy, { ca, keepAlive: false });
    }

    override connect(
      request: http.ClientRequest,
      options: Parameters<HttpsProxyAgent<string>['connect']>[1],
    ): ReturnType<HttpsProxyAgent<string>['connect']> {
      return super.connect(request, options.secureEndpoint ? { ...options, ca: this.ca } : options);
    }
  };
  return caTrusting;
}
