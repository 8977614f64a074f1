// https-proxy-agent (with agent-base and debug) is loaded only once a proxy is in use: most
// agents connect directly, and a connector that runs for days should not carry it for nothing.
// The link's socket factory is synchronous, so the route lookup (trust-and-proxy.ts) loads the
// class before the link starts through a proxy, and the factory reads what is loaded.
import type { HttpsProxyAgent } from 'https-proxy-agent';

export type ProxyAgentClass = typeof HttpsProxyAgent;

let loaded: ProxyAgentClass | undefined;

/** Imports https-proxy-agent the first time; the class after that. */
export async function loadProxyAgent(): Promise<ProxyAgentClass> {
  loaded ??= (await import('https-proxy-agent')).HttpsProxyAgent;
  return loaded;
}

/** The class when loadProxyAgent() has run; undefined before. */
export function loadedProxyAgent(): ProxyAgentClass | undefined {
  return loaded;
}
