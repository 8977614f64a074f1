// Control API (JSON) and the control page (HTML forms) on plain HTTP, loopback only. Any web
// page the user visits could aim requests at this port, so: the Host header must be this
// server (no DNS rebinding), the Origin, when sent, must be this server (no cross-site forms),
// and JSON endpoints require `content-type: application/json` (not sendable cross-site
// without a preflight that is never granted).
import http from 'node:http';
import type { AgentSummary } from './agent-registry.js';
import type { CallEvent, CallEventOutcome, SimulatedCall } from './call-notifier.js';
import { renderControlPage } from './control-page.js';
import { CRM_DEMO_PATH, renderCrmDemoPage } from './crm-demo-page.js';
import type { RingDirection } from './options.js';
import type { IvrAnswer, IvrRequest } from './ivr-request.js';
import type { RecordKeeper } from './record.js';
import { errorMessage } from '../core/error-message.js';

export interface RingOutcome {
  delivered: boolean;
  /** Set when the agent was connected and the call was pushed. */
  callId?: string;
}

export interface SimulatorControls {
  ring(crmId: string, direction: RingDirection, phoneNumber: string): RingOutcome;
  drop(crmId?: string): number;
  setLoggedIn(crmId: string, loggedIn: boolean): boolean;
  resetBlocks(): void;
  callEvent(callId: string, event: CallEvent): Promise<CallEventOutcome | undefined>;
  ivrRequest(request: IvrRequest): Promise<IvrAnswer>;
  agents(): AgentSummary[];
  calls(): SimulatedCall[];
  blockedAddresses(): string[];
  readonly record: RecordKeeper;
  readonly wssUrl: string;
  readonly restBaseUrl: string;
}

const MAX_CONTROL_BODY = 16 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseDirection(value: unknown): RingDirection {
  if (value === 'incoming' || value === 'inbound' || value === undefined) return 'incoming';
  if (value === 'outgoing' || value === 'outbound') return 'outgoing';
  throw new HttpError(400, 'direction must be "incoming" or "outgoing"');
}

function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '')
    throw new HttpError(400, `${name} must be a non-empty string`);
  return value;
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
}

export function createControlServer(controls: SimulatorControls): http.Server {
  let status = '';

  async function act(
    action: string,
    body: Record<string, unknown>,
  ): Promise<{ status: string; result: unknown }> {
    switch (action) {
      case 'ring': {
        const crmId = requireString(body, 'crmId');
        const phoneNumber = typeof body.phoneNumber === 'string' ? body.phoneNumber : '';
        const outcome = controls.ring(crmId, parseDirection(body.direction), phoneNumber);
        return {
          result: outcome,
          status: outcome.delivered
            ? `Rang ${crmId} (${phoneNumber}), call ${outcome.callId ?? ''}`
            : `${crmId} has no connection; nothing was sent`,
        };
      }
      case 'drop': {
        const crmId = typeof body.crmId === 'string' && body.crmId !== '' ? body.crmId : undefined;
        const dropped = controls.drop(crmId);
        return { result: { dropped }, status: `Dropped ${dropped} connection(s)` };
      }
      case 'login':
      case 'logout': {
        const crmId = requireString(body, 'crmId');
        if (!controls.setLoggedIn(crmId, action === 'login'))
          throw new HttpError(404, `no agent ${crmId}`);
        return {
          result: { crmId, loggedIn: action === 'login' },
          status: `${crmId} ${action === 'login' ? 'logged in' : 'logged out'}`,
        };
      }
      case 'reset-blocks':
        controls.resetBlocks();
        return { result: { ok: true }, status: 'REST IP blocks lifted' };
      case 'answer':
      case 'hangup': {
        const callId = requireString(body, 'callId');
        const outcome = await controls.callEvent(callId, action);
        if (!outcome) throw new HttpError(404, `no call ${callId}`);
        const note = outcome.notificationError
          ? `; notification failed: ${outcome.notificationError}`
          : outcome.notificationStatus !== undefined
            ? `; notification answered ${outcome.notificationStatus}`
            : '';
        return { result: outcome, status: `Call ${callId}: ${action}${note}` };
      }
      case 'ivr': {
        const method = body.method === 'GET' ? 'GET' : 'POST';
        const optional = (name: string) =>
          typeof body[name] === 'string' ? (body[name] as string) : undefined;
        const answer = await controls.ivrRequest({
          url: requireString(body, 'url'),
          method,
          ...Object.fromEntries(
            ['variables', 'callerId', 'destinationNumber', 'callId']
              .map((name) => [name, optional(name)])
              .filter(([, value]) => value !== undefined),
          ),
        });
        return {
          result: answer,
          status: answer.error
            ? `IVR request: ${answer.error}`
            : `IVR request answered ${answer.status ?? ''}`,
        };
      }
      default:
        throw new HttpError(404, 'Not found');
    }
  }

  /** Maps `/api/...` paths onto the same actions the forms use. */
  function apiAction(
    method: string,
    path: string,
  ): { action: string; crmId?: string; callId?: string } | undefined {
    if (method !== 'POST') return undefined;
    const agent = /^\/api\/agents\/([^/]+)\/(login|logout)$/.exec(path);
    if (agent?.[1] && agent[2]) return { action: agent[2], crmId: decodePart(agent[1]) };
    const call = /^\/api\/calls\/([^/]+)\/(answer|hangup)$/.exec(path);
    if (call?.[1] && call[2]) return { action: call[2], callId: decodePart(call[1]) };
    const simple = /^\/api\/(ring|drop|reset-blocks|ivr)$/.exec(path);
    return simple?.[1] ? { action: simple[1] } : undefined;
  }

  async function route(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const host = request.headers.host ?? '';
    const { port } = server.address() as { port: number };
    const ownOrigins = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
    if (!ownOrigins.includes(host)) throw new HttpError(421, 'unexpected Host header');
    const origin = request.headers.origin;
    if (origin !== undefined && !ownOrigins.some((own) => origin === `http://${own}`)) {
      throw new HttpError(403, 'cross-origin request refused');
    }
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0] ?? '/';

    if (method === 'GET' && path === '/') {
      const html = renderControlPage({
        agents: controls.agents(),
        calls: controls.calls(),
        record: controls.record,
        blockedAddresses: controls.blockedAddresses(),
        status,
        wssUrl: controls.wssUrl,
        restBaseUrl: controls.restBaseUrl,
      });
      return send(response, 200, html, 'text/html; charset=utf-8');
    }
    if (method === 'GET' && path === CRM_DEMO_PATH) {
      const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
      return send(response, 200, renderCrmDemoPage(query), 'text/html; charset=utf-8');
    }
    if (method === 'GET' && path === '/api/received')
      return sendJson(response, 200, controls.record.toJSON());
    if (method === 'GET' && path === '/api/agents')
      return sendJson(response, 200, controls.agents());
    if (method === 'GET' && path === '/api/calls') return sendJson(response, 200, controls.calls());

    const form = /^\/form\/([a-z-]+)$/.exec(path);
    if (method === 'POST' && form?.[1]) {
      const fields = Object.fromEntries(new URLSearchParams(await readText(request)));
      try {
        status = (await act(form[1], fields)).status;
      } catch (error) {
        status = errorMessage(error);
      }
      response.writeHead(303, { location: '/' });
      return void response.end();
    }

    const api = apiAction(method, path);
    if (!api) throw new HttpError(404, 'Not found');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new HttpError(415, 'send JSON with content-type: application/json');
    }
    const text = await readText(request);
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new HttpError(400, 'the body is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(400, 'send a JSON object');
    const merged: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    if (api.crmId !== undefined) merged.crmId = api.crmId;
    if (api.callId !== undefined) merged.callId = api.callId;
    const outcome = await act(api.action, merged);
    status = outcome.status;
    sendJson(response, 200, outcome.result);
  }

  const server = http.createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const code = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : 'internal error';
      if (!response.headersSent) sendJson(response, code, { error: message });
      else response.destroy();
    });
  });
  return server;
}

function send(response: http.ServerResponse, status: number, body: string, type: string): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(body);
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), 'application/json');
}

function readText(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_CONTROL_BODY) {
        reject(new HttpError(413, 'body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
