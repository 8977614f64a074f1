// Which proxy the headless CLI uses: the `accolades.proxy` setting when given (the admin chose
// it), else the standard HTTPS_PROXY / https_proxy environment variables, except for hosts
// NO_PROXY lists and for this computer (a proxy cannot reach our loopback stand-in).
import { isLoopbackHost } from '../core/connection/transport.js';

export function proxyFromEnvironment(
  targetUrl: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const proxy = firstSet(env.HTTPS_PROXY, env.https_proxy, env.ALL_PROXY, env.all_proxy);
  if (!proxy) return undefined;
  let host: string;
  try {
    host = new URL(targetUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
  if (isLoopbackHost(host)) return undefined;
  if (matchesNoProxy(host, firstSet(env.NO_PROXY, env.no_proxy) ?? '')) return undefined;
  return proxy;
}

/** The proxy for the link and REST: the setting wins, then the environment. */
export function effectiveProxy(
  setting: string | undefined,
  targetUrl: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (setting !== undefined && setting.trim() !== '') return setting.trim();
  return proxyFromEnvironment(targetUrl, env);
}

/** NO_PROXY as curl reads it: comma/space separated hosts or domain suffixes; `*` = everything. */
export function matchesNoProxy(host: string, noProxy: string): boolean {
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (entry === '') continue;
    if (entry === '*') return true;
    const domain = entry.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function firstSet(...values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '')?.trim();
}
