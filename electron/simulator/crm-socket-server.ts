// The External CRM WebSocket protocol (accolades-api.md §2) on top of the simulator's HTTPS
// server: authRequest → authSucces/authSuccess or authFailed, configuration, call pushes,
// connectionClosed on drop, `error` for anything it does not understand. Per-connection work
// is kept to one small closure so a thousand agents stay cheap.
import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { normalizeIp, type AgentRegistry, type AgentState } from './agent-registry.js';
import type { RingDirection, SuccessSpelling } from './options.js';
import { recordableMessage, type RecordKeeper } from './record.js';

export type AuthFailureReason = 'ID_NOT_FOUND' | 'IP_MISSMATCH' | 'CONNECTION_EXISTS';

export interface CrmSocketSettings {
  spelling: SuccessSpelling;
  apiVersion: string;
  closeOnAuthFailure: boolean;
  maxFrameBytes: number;
}

export function callMessageType(direction: RingDirection): 'incomingCall' | 'outgoingCall' {
  return direction === 'incoming' ? 'incomingCall' : 'outgoingCall';
}

export class CrmSocketServer {
  private readonly wss: WebSocketServer;

  constructor(
    server: Server,
    private readonly agents: AgentRegistry,
    private readonly record: RecordKeeper,
    private readonly settings: CrmSocketSettings,
  ) {
    this.wss = new WebSocketServer({
      server,
      maxPayload: settings.maxFrameBytes,
      perMessageDeflate: false,
    });
    this.wss.on('connection', (socket, request) => this.accept(socket, request));
    // ws re-emits the HTTPS server's errors (e.g. EADDRINUSE); listen() already reports them.
    this.wss.on('error', () => undefined);
  }

  /** Push one call event to an agent's connector. False when that agent has no connection. */
  ring(crmId: string, direction: RingDirection, phoneNumber: string): boolean {
    const socket = this.agents.get(crmId)?.socket;
    // A socket already closing (the client left) has not fired 'close' yet: not delivered.
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify({ type: callMessageType(direction), phoneNumber }));
    return true;
  }

  /**
   * Any frame, well-formed or not, to one agent's open connection: text as a text frame, a
   * Buffer as a binary frame. For robustness tests and the benchmark's garbage frames.
   */
  sendRaw(crmId: string, data: string | Buffer): boolean {
    const socket = this.agents.get(crmId)?.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(data, { binary: typeof data !== 'string' });
    return true;
  }

  /**
   * One call to every connected agent; resolves with how many were sent once every frame has
   * been handed to the kernel. With a fixed number the frame is serialized once for all.
   */
  ringAll(
    direction: RingDirection,
    phoneNumber: string | ((crmId: string) => string),
  ): Promise<number> {
    const type = callMessageType(direction);
    const shared =
      typeof phoneNumber === 'string' ? JSON.stringify({ type, phoneNumber }) : undefined;
    const pending: Promise<void>[] = [];
    for (const agent of this.agents.all()) {
      const socket = agent.socket;
      if (!socket || socket.readyState !== WebSocket.OPEN) continue;
      const frame =
        shared ??
        JSON.stringify({ type, phoneNumber: (phoneNumber as (id: string) => string)(agent.crmId) });
      pending.push(new Promise<void>((resolve) => socket.send(frame, () => resolve())));
    }
    return Promise.all(pending).then(() => pending.length);
  }

  /** Send `connectionClosed` and close; one agent, or every connected agent. Returns how many. */
  drop(crmId?: string): number {
    let dropped = 0;
    for (const agent of this.agents.all()) {
      if (crmId !== undefined && agent.crmId !== crmId) continue;
      const socket = agent.socket;
      if (!socket) continue;
      // Free the slot now: the connector may reconnect before the old socket has finished closing.
      agent.socket = undefined;
      socket.send(JSON.stringify({ type: 'connectionClosed' }));
      socket.close(1000, 'connection closed by the server');
      dropped += 1;
    }
    return dropped;
  }

  connectedCount(): number {
    let count = 0;
    for (const agent of this.agents.all()) if (agent.socket) count += 1;
    return count;
  }

  close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const remoteAddress = normalizeIp(request.socket.remoteAddress);
    let agent: AgentState | undefined;
    this.record.addWs({ event: 'connect', remoteAddress });

    socket.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? undefined : rawToText(data);
      this.record.addWs({
        event: 'message',
        remoteAddress,
        ...(agent ? { crmId: agent.crmId } : {}),
        message: text === undefined ? { binaryBytes: rawLength(data) } : recordableMessage(text),
      });
      if (text === undefined) return sendError(socket, 'binary frames are not supported');
      const message = parseObject(text);
      if (!message)
        return sendError(socket, 'the message is not a JSON object with a string "type"');

      switch (message.type) {
        case 'authRequest': {
          if (agent) return sendError(socket, 'already authenticated');
          const outcome = this.authenticate(message.idCrm, remoteAddress, socket);
          if (typeof outcome === 'string') {
            socket.send(JSON.stringify({ type: 'authFailed', reason: outcome }));
            if (this.settings.closeOnAuthFailure) socket.close(1000, 'authentication failed');
            return;
          }
          agent = outcome;
          socket.send(
            JSON.stringify({ type: this.settings.spelling, version: this.settings.apiVersion }),
          );
          return;
        }
        case 'configuration':
          if (!agent) return sendError(socket, 'not authenticated');
          socket.send(JSON.stringify({ type: 'configuration', ...agent.configuration }));
          return;
        default:
          return sendError(socket, `unknown message type "${message.type.slice(0, 100)}"`);
      }
    });

    socket.on('close', () => {
      if (agent && agent.socket === socket) agent.socket = undefined;
      this.record.addWs({
        event: 'disconnect',
        remoteAddress,
        ...(agent ? { crmId: agent.crmId } : {}),
      });
    });
    // Oversized or broken frames: ws reports them here and closes the socket; nothing to crash.
    socket.on('error', () => undefined);
  }

  private authenticate(
    idCrm: unknown,
    remoteAddress: string,
    socket: WebSocket,
  ): AgentState | AuthFailureReason {
    const agent = typeof idCrm === 'string' ? this.agents.get(idCrm) : undefined;
    if (!agent || !agent.loggedIn) return 'ID_NOT_FOUND';
    if (agent.expectedIp !== undefined && agent.expectedIp !== remoteAddress) return 'IP_MISSMATCH';
    if (agent.socket) return 'CONNECTION_EXISTS';
    agent.socket = socket;
    return agent;
  }
}

function sendError(socket: WebSocket, message: string): void {
  socket.send(JSON.stringify({ type: 'error', message }));
}

function parseObject(text: string): { type: string; [key: string]: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const type = (value as { type?: unknown }).type;
    return typeof type === 'string' ? (value as { type: string }) : undefined;
  } catch {
    return undefined;
  }
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return (data as ArrayBuffer | Buffer).byteLength;
}
