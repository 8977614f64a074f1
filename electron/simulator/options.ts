// Options of the local Accolades stand-in, and the demo defaults used when nothing is given.

/** Both spellings exist in the wild (help page: `authSucces`, 2026 example: `authSuccess`). */
export type SuccessSpelling = 'authSucces' | 'authSuccess';

/** Which call event to push: `incomingCall` or `outgoingCall`. */
export type RingDirection = 'incoming' | 'outgoing';

export interface SimulatedAgent {
  /** The ID the connector sends as `idCrm`. */
  crmId: string;
  /** When set, an `authRequest` from any other address gets `IP_MISSMATCH`. */
  expectedIp?: string;
  /** False = the agent is not logged in to the browser interface → `ID_NOT_FOUND`. Default true. */
  loggedIn?: boolean;
  /** Numeric user (phone) id used in call-notification POSTs. Default: position in the list + 1. */
  userId?: string;
  /** The configuration answer (free text, possibly JSON); missing parts are sent as "". */
  configuration?: { account?: string; phone?: string; agent?: string };
}

export interface RestAccount {
  /** The account number in the URL path: `/<account>/ping/`. */
  account: string;
  password: string;
  /** An inactive API module answers 401 like a wrong password. Default true. */
  active?: boolean;
}

/** Ready-made TLS material (PEM), e.g. an expired certificate for a test. */
export interface SimulatorTls {
  caCert: string;
  cert: string;
  key: string;
}

export interface SimulatorOptions {
  agents?: SimulatedAgent[];
  /** Listen address for WSS + REST. Default 127.0.0.1; 0.0.0.0 only when asked for explicitly. */
  host?: string;
  /** WSS + REST port; 0 = ephemeral (default). */
  port?: number;
  /** Control page + API port on loopback; 0 = ephemeral (default). */
  controlPort?: number;
  /** Default `authSuccess`. */
  spelling?: SuccessSpelling;
  /** The `version` sent with the success message. */
  apiVersion?: string;
  /** Close the socket after `authFailed` (the docs do not say; the v2 example closes it). Default true. */
  closeOnAuthFailure?: boolean;
  /** Largest accepted WebSocket frame in bytes. Default 64 KiB. */
  maxFrameBytes?: number;
  restAccounts?: RestAccount[];
  /** REST `dial` deviceId → crmId of the agent whose connector gets the `outgoingCall`. Default: `42` → first agent. */
  devices?: Record<string, string>;
  /** Invalid REST requests (401, 404) one IP may make before it gets 403.6 until reset. Default 5. */
  blockAfterInvalidRequests?: number;
  /** Largest REST body in bytes before 413. Default 16 KiB. */
  maxBodyBytes?: number;
  /** Use this TLS material instead of minting or loading a CA. */
  tls?: SimulatorTls;
  /**
   * Directory for a persistent CA: `ca.pem` (to trust), `server.pem`, `server-key.pem`.
   * Reused on the next start while valid, so the CA only has to be trusted once. The CA's
   * private key is never written: a trusted CA whose key lies on disk could sign anything.
   */
  dataDir?: string;
  /** Where call-notification POSTs (answer/hangup) go, for integrators. Off when unset. */
  callNotificationUrl?: string;
  /** Extra CA (PEM) trusted for an https `callNotificationUrl`. */
  callNotificationCa?: string;
  /** Most entries kept per record list (oldest dropped first). Default 5,000. */
  recordLimit?: number;
  /** Wall clock for record timestamps and call ids. */
  now?: () => number;
}

export const DEMO_AGENT_ID = 'demo-agent-1';
export const DEMO_ACCOUNT = '123456';
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_DEVICE_ID = '42';

export function demoAgents(): SimulatedAgent[] {
  return [
    {
      crmId: DEMO_AGENT_ID,
      userId: '57',
      configuration: {
        account: JSON.stringify({ crmBaseUrl: 'https://crm.example.com' }),
        phone: JSON.stringify({ extension: '101' }),
        agent: JSON.stringify({ name: 'Demo Agent' }),
      },
    },
    { crmId: 'demo-agent-2', userId: '58' },
  ];
}

export interface ResolvedOptions {
  agents: SimulatedAgent[];
  host: string;
  port: number;
  controlPort: number;
  spelling: SuccessSpelling;
  apiVersion: string;
  closeOnAuthFailure: boolean;
  maxFrameBytes: number;
  restAccounts: RestAccount[];
  devices: Record<string, string>;
  blockAfterInvalidRequests: number;
  maxBodyBytes: number;
  recordLimit: number;
  now: () => number;
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const agents = options.agents ?? demoAgents();
  const firstAgent = agents[0];
  return {
    agents,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    controlPort: options.controlPort ?? 0,
    spelling: options.spelling ?? 'authSuccess',
    apiVersion: options.apiVersion ?? '1.0.0',
    closeOnAuthFailure: options.closeOnAuthFailure ?? true,
    maxFrameBytes: options.maxFrameBytes ?? 64 * 1024,
    restAccounts: options.restAccounts ?? [{ account: DEMO_ACCOUNT, password: DEMO_PASSWORD }],
    // Without a map, the demo device rings the first agent so click2call works out of the box.
    devices: options.devices ?? (firstAgent ? { [DEMO_DEVICE_ID]: firstAgent.crmId } : {}),
    blockAfterInvalidRequests: options.blockAfterInvalidRequests ?? 5,
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024,
    recordLimit: options.recordLimit ?? 5000,
    now: options.now ?? Date.now,
  };
}
