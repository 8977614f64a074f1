// The simulated agents: who may authenticate, from where, and which socket holds each agent's
// single API slot.
import type { WebSocket } from 'ws';
import type { SimulatedAgent } from './options.js';

export interface AgentState {
  readonly crmId: string;
  readonly expectedIp: string | undefined;
  loggedIn: boolean;
  readonly userId: string;
  readonly configuration: { account: string; phone: string; agent: string };
  /** The authenticated connection holding this agent's only slot. */
  socket: WebSocket | undefined;
}

export interface AgentSummary {
  crmId: string;
  loggedIn: boolean;
  connected: boolean;
  expectedIp?: string;
  userId: string;
}

export class AgentRegistry {
  private readonly agents = new Map<string, AgentState>();

  constructor(agents: readonly SimulatedAgent[]) {
    agents.forEach((agent, index) => {
      if (typeof agent.crmId !== 'string' || agent.crmId === '') {
        throw new Error(`simulator agent #${index + 1}: crmId must be a non-empty string`);
      }
      if (this.agents.has(agent.crmId)) {
        throw new Error(`simulator agent #${index + 1}: crmId "${agent.crmId}" is listed twice`);
      }
      this.agents.set(agent.crmId, {
        crmId: agent.crmId,
        expectedIp: agent.expectedIp === undefined ? undefined : normalizeIp(agent.expectedIp),
        loggedIn: agent.loggedIn ?? true,
        userId: agent.userId ?? String(index + 1),
        configuration: {
          account: agent.configuration?.account ?? '',
          phone: agent.configuration?.phone ?? '',
          agent: agent.configuration?.agent ?? '',
        },
        socket: undefined,
      });
    });
  }

  get(crmId: string): AgentState | undefined {
    return this.agents.get(crmId);
  }

  all(): IterableIterator<AgentState> {
    return this.agents.values();
  }

  summaries(): AgentSummary[] {
    return [...this.agents.values()].map((agent) => ({
      crmId: agent.crmId,
      loggedIn: agent.loggedIn,
      connected: agent.socket !== undefined,
      ...(agent.expectedIp === undefined ? {} : { expectedIp: agent.expectedIp }),
      userId: agent.userId,
    }));
  }
}

/** `::ffff:127.0.0.1` (IPv4 seen through an IPv6 socket) and `127.0.0.1` are the same peer. */
export function normalizeIp(address: string | undefined): string {
  if (address === undefined) return '';
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}
