// The local Accolades stand-in: one HTTPS server carrying both the External CRM WebSocket
// and the REST API, plus a loopback control page/API on its own port.
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { AgentRegistry, type AgentSummary } from './agent-registry.js';
import {
  CallBook,
  type CallEvent,
  type CallEventOutcome,
  type SimulatedCall,
} from './call-notifier.js';
import { createControlServer, type RingOutcome } from './control-server.js';
import { CrmSocketServer } from './crm-socket-server.js';
import { resolveOptions, type RingDirection, type SimulatorOptions } from './options.js';
import { RecordKeeper, type SimulatorRecord } from './record.js';
import { RestApi } from './rest-api.js';
import { resolveTls } from './tls-material.js';
import { sendIvrRequest, type IvrAnswer, type IvrRequest } from './ivr-request.js';

export interface SimulatorHandle {
  /** e.g. `wss://127.0.0.1:14327` — the connector's `accolades.url`. */
  readonly wssUrl: string;
  /** e.g. `https://127.0.0.1:14327` — the connector's `rest.baseUrl`. */
  readonly restBaseUrl: string;
  /** e.g. `http://127.0.0.1:14328` — control page at `/`, JSON under `/api/`. */
  readonly controlUrl: string;
  /** PEM of the CA that issued the server certificate. */
  readonly caCert: string;
  /** Path of the CA file when a data directory was used. */
  readonly caFile: string | undefined;
  /** What the stand-in received (WS frames per agent, REST requests, redacted) and notified. */
  readonly received: SimulatorRecord;
  /** Push `incomingCall`/`outgoingCall` to one agent's connection. */
  ringAgent(crmId: string, direction: RingDirection, phoneNumber: string): RingOutcome;
  /**
   * Any frame, well-formed or not (text, or a Buffer as a binary frame), to one agent's open
   * connection: for robustness tests. False when the agent has no open connection.
   */
  sendRaw(crmId: string, data: string | Buffer): boolean;
  /** One call to every connected agent (for the benchmark); resolves with how many were sent. */
  ringAll(
    direction: RingDirection,
    phoneNumber: string | ((crmId: string) => string),
  ): Promise<number>;
  /** `connectionClosed` + close for one agent, or every agent when no crmId. Returns how many. */
  dropAgent(crmId?: string): number;
  /** Log an agent in or out of the "browser interface"; logging out drops its connection. */
  setLoggedIn(crmId: string, loggedIn: boolean): boolean;
  /** Mark a rung call answered / hung up, sending the call-notification POST if configured. */
  callEvent(callId: string, event: CallEvent): Promise<CallEventOutcome | undefined>;
  /** Play an IVR "HTTP Request" step against an integrator's URL (recorded with the notifications). */
  ivrRequest(request: IvrRequest): Promise<IvrAnswer>;
  /** Lift every REST 403.6 block. */
  resetBlocks(): void;
  agents(): AgentSummary[];
  calls(): SimulatedCall[];
  connectedCount(): number;
  /** Forget the record (not the agents or their connections). */
  clearRecord(): void;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const settings = resolveOptions(options);
  const tls = await resolveTls(options);
  const record = new RecordKeeper(settings.recordLimit, settings.now);
  const agents = new AgentRegistry(settings.agents);
  const calls = new CallBook(
    record,
    settings.now,
    options.callNotificationUrl,
    options.callNotificationCa,
  );

  const mainServer = https.createServer({ cert: tls.cert, key: tls.key });
  const sockets = new CrmSocketServer(mainServer, agents, record, settings);

  const ringAgent = (crmId: string, direction: RingDirection, phoneNumber: string): RingOutcome => {
    const agent = agents.get(crmId);
    if (!agent || !sockets.ring(crmId, direction, phoneNumber)) return { delivered: false };
    return {
      delivered: true,
      callId: calls.open(crmId, agent.userId, direction, phoneNumber).callId,
    };
  };
  const rest = new RestApi(
    {
      accounts: settings.restAccounts,
      devices: settings.devices,
      blockAfterInvalidRequests: settings.blockAfterInvalidRequests,
      maxBodyBytes: settings.maxBodyBytes,
      onDial: (crmId, phoneNumber) => void ringAgent(crmId, 'outgoing', phoneNumber),
    },
    record,
  );
  mainServer.on('request', (request, response) => rest.handle(request, response));
  // A client that aborts its TLS handshake must not take the server down.
  mainServer.on('tlsClientError', () => undefined);

  const setLoggedIn = (crmId: string, loggedIn: boolean): boolean => {
    const agent = agents.get(crmId);
    if (!agent) return false;
    agent.loggedIn = loggedIn;
    if (!loggedIn) sockets.drop(crmId);
    return true;
  };

  let controlServer: http.Server | undefined;
  try {
    const mainPort = await listen(mainServer, settings.port, settings.host);
    const base = `${urlHost(settings.host)}:${mainPort}`;
    const wssUrl = `wss://${base}`;
    const restBaseUrl = `https://${base}`;

    const handle: SimulatorHandle = {
      wssUrl,
      restBaseUrl,
      controlUrl: '',
      caCert: tls.caCert,
      caFile: tls.caFile,
      received: record,
      ringAgent,
      sendRaw: (crmId, data) => sockets.sendRaw(crmId, data),
      ringAll: (direction, phoneNumber) => sockets.ringAll(direction, phoneNumber),
      dropAgent: (crmId) => sockets.drop(crmId),
      setLoggedIn,
      callEvent: (callId, event) => calls.event(callId, event),
      resetBlocks: () => rest.resetBlocks(),
      ivrRequest: async (request) => {
        const answer = await sendIvrRequest(request, settings.now());
        record.addNotification({
          url: request.url,
          fields: answer.fields,
          ...(answer.status === undefined ? {} : { status: answer.status }),
          ...(answer.error === undefined ? {} : { error: answer.error }),
        });
        return answer;
      },
      agents: () => agents.summaries(),
      calls: () => calls.list(),
      connectedCount: () => sockets.connectedCount(),
      clearRecord: () => record.clear(),
      close: async () => {
        await sockets.close();
        await Promise.all([
          closeServer(mainServer),
          controlServer ? closeServer(controlServer) : undefined,
        ]);
      },
    };

    controlServer = createControlServer({
      ring: ringAgent,
      drop: handle.dropAgent,
      setLoggedIn,
      resetBlocks: handle.resetBlocks,
      callEvent: handle.callEvent,
      ivrRequest: handle.ivrRequest,
      agents: handle.agents,
      calls: handle.calls,
      blockedAddresses: () => rest.blockedAddresses(),
      record,
      wssUrl,
      restBaseUrl,
    });
    // The control API has no authentication: it only ever listens on loopback.
    const controlPort = await listen(controlServer, settings.controlPort, '127.0.0.1');
    return { ...handle, controlUrl: `http://127.0.0.1:${controlPort}` };
  } catch (error) {
    await sockets.close();
    await closeServer(mainServer);
    if (controlServer) await closeServer(controlServer);
    throw error;
  }
}
