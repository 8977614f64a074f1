// The network steps of `doctor`, one function each, every one bounded by a timeout and turning
// its failure into a sentence that says what to do. They only look; nothing is retried.
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import { authFailurePhase } from '../core/connection/auth-retry-pace.js';
import { statusLineFor } from '../core/connection/status-lines.js';
import { createAccoladesSocket, describeTransportError } from '../core/connection/transport.js';
import { loadProxyAgent } from '../core/net/proxy-agent.js';
import { encodeAuthRequest } from '../core/protocol/client-messages.js';
import { parseServerFrame } from '../core/protocol/parse-server-frame.js';
import type { LookupFunction } from './io.js';
import { errorMessage } from '../core/error-message.js';

export interface ProbeResult {
  ok: boolean;
  detail: string;
}

export const defaultLookup: LookupFunction = (hostname) =>
  dns.promises.lookup(hostname, { all: true });

export async function probeDns(hostname: string, lookup: LookupFunction): Promise<ProbeResult> {
  if (net.isIP(hostname.replace(/^\[|\]$/g, '')) !== 0)
    return { ok: true, detail: `${hostname} is an IP address (no lookup needed)` };
  try {
    const addresses = await lookup(hostname);
    if (addresses.length === 0) return { ok: false, detail: `${hostname} has no address` };
    return { ok: true, detail: `${hostname} → ${addresses.map((a) => a.address).join(', ')}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOTFOUND'
        ? 'the name does not exist (check the server address, or your DNS / VPN)'
        : code === 'EAI_AGAIN'
          ? 'the DNS server did not answer (are you online?)'
          : errorText(error);
    return { ok: false, detail: `cannot look up ${hostname}: ${why}` };
  }
}

export function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const finish = (result: ProbeResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      finish({
        ok: false,
        detail: `no answer from ${host}:${port} within ${timeoutMs / 1000} s (a firewall may drop the connection)`,
      }),
    );
    socket.once('connect', () =>
      finish({ ok: true, detail: `${host}:${port} accepts connections` }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'ECONNREFUSED'
          ? 'connection refused (nothing listens on that port, or a firewall refuses it)'
          : error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH'
            ? 'the network cannot reach that host'
            : errorText(error);
      finish({ ok: false, detail: `cannot connect to ${host}:${port}: ${why}` });
    });
  });
}

/** TLS handshake with full certificate verification (built-in roots plus the CA file). */
export function probeTls(
  host: string,
  port: number,
  caPem: string | undefined,
  caFile: string | undefined,
  timeoutMs: number,
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const bare = host.replace(/^\[|\]$/g, '');
    const socket = tls.connect({
      host: bare,
      port,
      ...(net.isIP(bare) === 0 ? { servername: bare } : {}),
      ...(caPem ? { ca: [...tls.rootCertificates, caPem] } : {}),
      ALPNProtocols: ['http/1.1'],
    });
    const finish = (result: ProbeResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      finish({
        ok: false,
        detail: `the TLS handshake did not finish within ${timeoutMs / 1000} s`,
      }),
    );
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      const issuer = peer.issuer?.CN ?? peer.issuer?.O ?? 'unknown issuer';
      finish({
        ok: true,
        detail: `certificate for ${peer.subject?.CN ?? host} issued by ${issuer} is trusted${caFile ? ` (with ${caFile})` : ''}`,
      });
    });
    socket.once('error', (error) => finish({ ok: false, detail: explainTlsError(error, caFile) }));
  });
}

export function explainTlsError(error: unknown, caFile: string | undefined): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return caFile
        ? `unknown certificate authority: the server's certificate is not signed by the CA bundle in accolades.caFile (${caFile}) nor by a public CA; get the right bundle from your IT department`
        : "unknown certificate authority: set accolades.caFile to your company's CA bundle (TLS inspection proxies re-sign traffic with their own CA)";
    case 'CERT_HAS_EXPIRED':
      return 'the server certificate has expired (or this computer’s clock is wrong)';
    case 'CERT_NOT_YET_VALID':
      return 'the server certificate is not valid yet (check this computer’s date and time)';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'the certificate was issued for a different name than the server address; check accolades.url';
    default:
      return `TLS handshake failed: ${errorText(error)}`;
  }
}

/** What to do for each authFailed reason, after the status line the tray shows. */
export function authFailureAdvice(reason: string, crmId: string): string {
  const line = statusLineFor(authFailurePhase(reason));
  switch (reason) {
    case 'ID_NOT_FOUND':
      return `Accolades answered ID_NOT_FOUND for CRM ID "${crmId}". ${line} If you are logged in, check that accolades.crmId is the ID shown on your Agent page.`;
    case 'IP_MISSMATCH':
      return `Accolades answered IP_MISSMATCH. ${line} Use the same network for both (turn the VPN on or off for both), or ask IT to send both through the same proxy.`;
    case 'CONNECTION_EXISTS':
      return `Accolades answered CONNECTION_EXISTS. ${line} Close the other connector (or disable the Agent page's own connector), then try again.`;
    default:
      return `Accolades answered authFailed with reason "${reason}". ${line}`;
  }
}

/** Opens the WSS link, sends authRequest and reads the answer; the socket is closed after. */
export async function probeWssAuth(options: {
  url: string;
  crmId: string;
  caPem: string | undefined;
  caFile: string | undefined;
  proxy: string | undefined;
  timeoutMs: number;
}): Promise<ProbeResult> {
  // The socket factory is synchronous and uses the proxy agent only once it is loaded.
  if (options.proxy) await loadProxyAgent();
  return new Promise((resolve) => {
    let settled = false;
    let socket: ReturnType<typeof createAccoladesSocket>;
    const finish = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          detail: `no authentication answer within ${options.timeoutMs / 1000} s`,
        }),
      options.timeoutMs,
    );
    try {
      socket = createAccoladesSocket(options.url, {
        caPem: options.caPem,
        proxy: options.proxy,
        handshakeTimeoutMs: options.timeoutMs,
      });
    } catch (error) {
      finish({ ok: false, detail: errorText(error) });
      return;
    }
    socket.on('open', () => socket.send(encodeAuthRequest(options.crmId)));
    socket.on('message', (data, isBinary) => {
      const message = parseServerFrame(data, isBinary);
      if (message.kind === 'auth-success') {
        finish({
          ok: true,
          detail: `signed in as "${options.crmId}" (${message.type}${message.version ? `, API version ${message.version}` : ''})`,
        });
      } else if (message.kind === 'auth-failed') {
        finish({ ok: false, detail: authFailureAdvice(message.reason, options.crmId) });
      }
    });
    socket.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      const described = describeTransportError(error, Boolean(options.proxy));
      finish({
        ok: false,
        detail:
          code && /CERT|SIGNED|ISSUER/.test(code)
            ? explainTlsError(error, options.caFile)
            : described.proxyAuthFailed
              ? described.detail
              : `the WebSocket link failed: ${described.detail}`,
      });
    });
    socket.on('close', () =>
      finish({ ok: false, detail: 'Accolades closed the link before answering the authRequest' }),
    );
  });
}

function errorText(error: unknown): string {
  return errorMessage(error);
}
