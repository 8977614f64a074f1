// The OS proxy for the core: Electron's session.resolveProxy() applies the system settings,
// PAC scripts included, which plain Node cannot. The core calls it before each connection.
import { session } from 'electron';
import { proxyFromPacResult } from '../core/net/pac-result.js';
import type { Logger } from '../core/ports.js';

export function systemProxyResolver(log: Logger): (url: string) => Promise<string | undefined> {
  return async (url) => {
    const pac = await session.defaultSession.resolveProxy(url);
    const { proxy, skipped } = proxyFromPacResult(pac);
    if (skipped.length > 0) log.warn('unsupported proxy entries skipped', { skipped });
    return proxy;
  };
}
