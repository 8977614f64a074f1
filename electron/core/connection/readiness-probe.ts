// A cheap "is the server back?" check while the supervisor waits out a backoff delay. Full
// jitter spreads reconnects well, but after a long outage the window is up to 30 s wide, so a
// server that came back may wait that long for us. A bare TCP connect (a SYN, no TLS, no
// WebSocket) every ~1 s tells us as soon as the port accepts again; the supervisor then makes
// the real attempt after a small random delay. A restarted server sees SYNs, not handshakes.
import net from 'node:net';

export interface ProbeTarget {
  host: string;
  port: number;
  /** Give up (answer false) after this long. */
  timeoutMs: number;
}

/** Resolves true when the server accepts a TCP connection; never rejects. */
export type ReadinessProbe = (target: ProbeTarget) => Promise<boolean>;

/** The production probe: connect, and close at once (RST-free `end`, then destroy). */
export const tcpConnectProbe: ReadinessProbe = ({ host, port, timeoutMs }) =>
  new Promise((resolve) => {
    let settled = false;
    const socket = net.connect({ host, port });
    const finish = (accepted: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(accepted);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    timer.unref?.();
    socket.unref();
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });

/**
 * Host and port of a ws:// or wss:// URL (default ports 80 and 443), or undefined when the URL
 * cannot be probed. IPv6 brackets are removed for net.connect.
 */
export function probeTargetOf(url: string): { host: string; port: number } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const defaultPort = parsed.protocol === 'wss:' ? 443 : parsed.protocol === 'ws:' ? 80 : 0;
  const port = parsed.port === '' ? defaultPort : Number(parsed.port);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === '' || !Number.isInteger(port) || port <= 0) return undefined;
  return { host, port };
}
