// Why the link is down, as a code each UI turns into a sentence (connection/status-lines.ts).
// "Lost" is only true of a link that was up: a first attempt that fails says what failed
// (refused, DNS, TLS, no answer) and where, so an admin can act on it.
import { errorMessage } from '../error-message.js';

/** What went wrong with the last attempt or the last link. */
export type LinkFailureKind =
  /** The host answered, but nothing listens on the port (ECONNREFUSED). */
  | 'refused'
  /** The host name does not resolve (ENOTFOUND, EAI_AGAIN). */
  | 'dns'
  /** TLS failed: unknown CA, expired or mismatched certificate, protocol error. */
  | 'tls'
  /** No answer within the handshake timeout. */
  | 'timeout'
  /** No route to the host or network (EHOSTUNREACH, ENETUNREACH, ETIMEDOUT from the OS). */
  | 'unreachable'
  /** A link that was up dropped: reset, closed, ended by the server. */
  | 'lost'
  /** A link that was up went silent: no answer to a ping (half-open, or the laptop slept). */
  | 'silent';

export interface LinkFailure {
  kind: LinkFailureKind;
  /** `host:port` of the Accolades server, for the sentence. */
  endpoint: string;
  /** The underlying error or event, verbatim (shortened), for the log and "details". */
  cause: string;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
]);

/**
 * Classifies a transport error. `wasUp` tells whether this socket had been authenticated:
 * a reset of a live link is "lost", the same reset during the handshake is the server's
 * refusal to talk TLS or WebSocket to us and is reported as unreachable.
 */
export function classifyTransportError(error: unknown, wasUp: boolean): LinkFailureKind {
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = errorMessage(error);
  if (typeof code === 'string') {
    if (code === 'ECONNREFUSED') return 'refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') return 'dns';
    if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))
      return 'tls';
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT')
      return 'unreachable';
  }
  if (/handshake has timed out/i.test(text)) return 'timeout';
  if (/certificate|SSL routines|TLS/i.test(text)) return 'tls';
  return wasUp ? 'lost' : 'unreachable';
}

/** `wss://client.voipit.ro:14327` → `client.voipit.ro:14327` (default ports filled in). */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'ws:' ? '80' : '443');
    return `${parsed.hostname}:${port}`;
  } catch {
    return url;
  }
}
