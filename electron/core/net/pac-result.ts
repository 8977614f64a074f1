// Electron's session.resolveProxy() answers in PAC syntax ("PROXY host:port; DIRECT").
// We take the first entry we can use: an HTTP(S) proxy for CONNECT tunnels, or DIRECT.
// SOCKS is not supported by our agents; it is skipped so a later entry (often DIRECT) applies.

export interface PacChoice {
  /** Proxy URL for https-proxy-agent, or undefined for a direct connection. */
  proxy: string | undefined;
  /** Entries we could not use, for the log (e.g. "SOCKS5 10.0.0.1:1080"). */
  skipped: string[];
}

export function proxyFromPacResult(pac: string): PacChoice {
  const skipped: string[] = [];
  for (const raw of pac.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [kind = '', hostPort = ''] = entry.split(/\s+/, 2);
    const type = kind.toUpperCase();
    if (type === 'DIRECT') return { proxy: undefined, skipped };
    if ((type === 'PROXY' || type === 'HTTP') && isHostPort(hostPort))
      return { proxy: `http://${hostPort}`, skipped };
    if (type === 'HTTPS' && isHostPort(hostPort)) return { proxy: `https://${hostPort}`, skipped };
    skipped.push(entry);
  }
  return { proxy: undefined, skipped };
}

function isHostPort(value: string): boolean {
  return /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value);
}

/** The https:// URL a proxy resolver should be asked about for a wss:// server URL. */
export function proxyLookupUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.protocol = url.protocol === 'ws:' ? 'http:' : 'https:';
  return url.toString();
}
