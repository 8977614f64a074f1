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
  if (options.proxy)
    return ca ? new CaTrustingProxyAgent(options.proxy, ca) : new HttpsProxyAgent(options.proxy);
  if (ca) return new https.Agent({ ca, keepAlive: false });
  return undefined;
}

// HttpsProxyAgent uses its constructor options only for the hop to the proxy; the TLS session
// with the real server behind the CONNECT takes the per-request options. So the extra CAs must
// be added to those, or a TLS-inspecting corporate proxy's CA would be ignored for REST.
class CaTrustingProxyAgent extends HttpsProxyAgent<string> {
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
}
