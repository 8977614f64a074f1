// Builds the WebSocket to the Accolades server with every hardening the reliability notes ask
// for. Injectable (SocketFactory) so tests can wrap it; production uses createAccoladesSocket.
import tls from 'node:tls';
import type { HttpsProxyAgent } from 'https-proxy-agent';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '../protocol/parse-server-frame.js';
import { errorMessage } from '../error-message.js';
import { loadedProxyAgent, loadProxyAgent } from '../net/proxy-agent.js';

export const DEFAULT_ACCOLADES_URL = 'wss://client.voipit.ro:14327';
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface TransportOptions {
  /** Extra CA certificates (PEM text, one or more), trusted in addition to the built-in roots. */
  caPem?: string;
  /** Proxy URL, e.g. `http://user:secret@proxy.example:3128`. */
  proxy?: string;
  /** ws's own timeout for TCP + TLS + upgrade (the supervisor also times the auth answer). */
  handshakeTimeoutMs?: number;
}

export type SocketFactory = (url: string, options: TransportOptions) => WebSocket;

export type TransportErrorCode =
  'bad-url' | 'unsupported-scheme' | 'insecure-url' | 'bad-proxy' | 'proxy-auth';

/** A problem a person has to fix in the settings; retrying by itself will not help. */
export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** True for hosts that never leave this machine: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Validates the server URL; throws TransportError with a message for a person. */
export function checkServerUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TransportError(
      'bad-url',
      `The Accolades server address "${url}" is not a valid URL.`,
    );
  }
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'ws:') {
    throw new TransportError(
      'unsupported-scheme',
      `The Accolades server address must start with wss:// (got ${parsed.protocol}//).`,
    );
  }
  if (parsed.protocol === 'ws:' && !isLoopbackHost(parsed.hostname)) {
    throw new TransportError(
      'insecure-url',
      `Refusing unencrypted ws:// to ${parsed.hostname}: use wss:// (ws:// is only allowed to this computer).`,
    );
  }
  return parsed;
}

function proxyAgent(proxy: string, ca: string[] | undefined): HttpsProxyAgent<string> {
  try {
    new URL(proxy);
  } catch {
    throw new TransportError('bad-proxy', `The proxy address "${proxy}" is not a valid URL.`);
  }
  // The Connector loads the proxy agent while it looks up the route (trust-and-proxy.ts); a
  // caller that skipped that gets one failed attempt (retried with the usual backoff), and the
  // load starts now so the retry has it.
  const ProxyAgent = loadedProxyAgent();
  if (!ProxyAgent) {
    void loadProxyAgent();
    throw new Error('the proxy support was not loaded yet; the next attempt uses it');
  }
  // The agent does the TLS to the Accolades server itself, so it needs the extra CAs too.
  return new ProxyAgent(proxy, ca ? { ca } : {});
}

/** The production SocketFactory. Throws TransportError for a refused URL or proxy. */
export function createAccoladesSocket(url: string, options: TransportOptions = {}): WebSocket {
  checkServerUrl(url);
  const ca = options.caPem ? [...tls.rootCertificates, options.caPem] : undefined;
  return new WebSocket(url, {
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    followRedirects: false,
    handshakeTimeout: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    // The frame parser checks UTF-8 itself and drops a bad frame; ws would close the link.
    skipUTF8Validation: true,
    ...(ca ? { ca } : {}),
    ...(options.proxy ? { agent: proxyAgent(options.proxy, ca) } : {}),
  });
}

/**
 * A person-readable description of a socket error, and whether it is the proxy refusing our
 * credentials (a 407 must be shown once and retried slowly, never looped).
 */
export function describeTransportError(
  error: unknown,
  viaProxy: boolean,
): { detail: string; proxyAuthFailed: boolean } {
  const message = errorMessage(error);
  if (viaProxy && /Unexpected server response: 407\b/.test(message)) {
    return {
      detail: 'proxy authentication failed (HTTP 407): check the proxy user name and password.',
      proxyAuthFailed: true,
    };
  }
  return { detail: message, proxyAuthFailed: false };
}
