// Dials that wait for the agent's "yes": tel:/callto: links, the clipboard. Each request gets
// an opaque id; whoever answers first (the native confirmation box or a renderer page via
// `confirmDial`) settles it, later answers find it gone. Requests expire so a forgotten box
// cannot dial an hour later. They wait in arrival order (the confirm page shows the oldest and
// the rest one at a time), and only a few may wait: a page firing tel: links in a loop must
// not bury the agent in questions.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/ports.js';
import type {
  DialDone,
  DialRequestSource,
  DialRequestView,
  Failure,
  Result,
} from '../shared/ipc-contract.js';
import type { ConnectorServices } from './services.js';

export const DIAL_REQUEST_TTL_MS = 2 * 60_000;

/** Requests that may wait for an answer at once; more are refused (code `busy`). */
export const MAX_WAITING_DIAL_REQUESTS = 5;

interface Pending {
  view: DialRequestView;
  /** The number as the link/clipboard gave it; the core formats it per `rest.dialFormat`. */
  number: string;
  expiresAtMono: number;
}

export interface DialRequestBrokerOptions {
  services: Pick<ConnectorServices, 'normalizeNumber' | 'dial'>;
  clock: Pick<Clock, 'monotonicMs'>;
  newId?: () => string;
  ttlMs?: number;
  /** Plain words for a request that is gone (expired or already answered). */
  goneMessage?: () => string;
}

export type DialRequestListener = (request: DialRequestView) => void;
export type DialSettledListener = (requestId: string) => void;

export class DialRequestBroker {
  private readonly pending = new Map<string, Pending>();
  private readonly createdListeners = new Set<DialRequestListener>();
  private readonly settledListeners = new Set<DialSettledListener>();

  constructor(private readonly options: DialRequestBrokerOptions) {}

  /**
   * Normalizes the number and queues the request. A number the core cannot use is a Failure,
   * and so is a request beyond MAX_WAITING_DIAL_REQUESTS (code `busy`).
   */
  open(source: DialRequestSource, number: string): Result<{ request: DialRequestView }> {
    this.dropExpired();
    if (this.pending.size >= MAX_WAITING_DIAL_REQUESTS) {
      // Never shown: the link handler logs it (a flood must not become a flood of notices).
      return { ok: false, code: 'busy', error: 'Too many calls are waiting for confirmation.' };
    }
    const check = this.options.services.normalizeNumber(number);
    if (!check.ok) return check;
    const requestId = (this.options.newId ?? randomUUID)();
    const view: DialRequestView = {
      requestId,
      source,
      number: check.formats,
      display: check.display,
      dialAs: check.dialAs,
    };
    const ttl = this.options.ttlMs ?? DIAL_REQUEST_TTL_MS;
    this.pending.set(requestId, {
      view,
      number,
      expiresAtMono: this.options.clock.monotonicMs() + ttl,
    });
    for (const listener of [...this.createdListeners]) listener(view);
    return { ok: true, request: view };
  }

  /** Waiting requests, oldest first (a Map keeps insertion order). */
  list(): DialRequestView[] {
    this.dropExpired();
    return [...this.pending.values()].map((p) => p.view);
  }

  /** Accept dials, decline forgets. Only the first answer counts. */
  async settle(
    requestId: string,
    accept: boolean,
  ): Promise<Result<DialDone | { cancelled: true }>> {
    this.dropExpired();
    const entry = this.pending.get(requestId);
    if (!entry) return this.gone();
    this.pending.delete(requestId);
    for (const listener of [...this.settledListeners]) listener(requestId);
    if (!accept) return { ok: true, cancelled: true };
    return this.options.services.dial(entry.number);
  }

  onCreated(listener: DialRequestListener): () => void {
    this.createdListeners.add(listener);
    return () => this.createdListeners.delete(listener);
  }

  onSettled(listener: DialSettledListener): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  private gone(): Failure {
    return {
      ok: false,
      code: 'not-found',
      error: this.options.goneMessage?.() ?? 'This call request has expired.',
    };
  }

  private dropExpired(): void {
    const now = this.options.clock.monotonicMs();
    for (const [id, entry] of this.pending) {
      if (entry.expiresAtMono <= now) {
        this.pending.delete(id);
        for (const listener of [...this.settledListeners]) listener(id);
      }
    }
  }
}
