// The connector's side of the browser companion extension (issue 13): which bridge clients drive
// tabs, handing one of them a screen-pop URL (connector.navigate), and waiting for its ack with
// a deadline. Whatever the extension does — nothing, no, hang up, send garbage — `navigate`
// resolves in bounded time with a reason, so screen-pop can fall back to the browser.
import {
  parseNavigateAck,
  parseNavigating,
  type NavigateMessage,
  type NavigatingMessage,
  type NewTabPlacement,
} from '../../shared/extension-protocol.js';
import type { Clock, Logger, TimerHandle } from '../ports.js';
import type { TabOpenRequest, TabOpenResult } from '../screen-pop/open-url.js';
import type { BridgeClient } from './bridge-client.js';

/** How a navigate is asked (ext-pairing's `browserTab` settings feed these). */
export interface TabNavigateSettings {
  /** The deadline for the extension's ack before the browser opens instead. */
  ackTimeoutMs: number;
  /** Bring the CRM tab (and its window) to the front. */
  focus: boolean;
  /** Where a new CRM tab opens when the agent has none. */
  newTab: NewTabPlacement;
}

/** A tab navigation started, as the extension reported it (the trace and the bench time it). */
export interface TabNavigatingEvent extends NavigatingMessage {
  client: string;
}

export interface TabNavigatorHubOptions {
  clock: Clock;
  logger: Logger;
  settings: () => TabNavigateSettings;
  onNavigating?: (event: TabNavigatingEvent) => void;
}

interface Pending {
  client: BridgeClient;
  settle: (result: TabOpenResult) => void;
  timer: TimerHandle;
}

/** Pops whose navigating report is still welcome (acked ok); bounded, oldest dropped first. */
const RECENT_POPS = 50;
/** Log lines about one client's bad frames before the rest are only counted. */
const COMPLAINTS_LOGGED = 20;

export class TabNavigatorHub {
  /** In the order they subscribed: the last one is the most recent and gets the pops. */
  private readonly navigators: BridgeClient[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly recent = new Map<string, BridgeClient>();
  private readonly complaints = new WeakMap<BridgeClient, number>();
  private readonly log: Logger;

  constructor(private readonly options: TabNavigatorHubOptions) {
    this.log = options.logger;
  }

  /** The client (already authenticated, with an extension Origin) now drives tabs. */
  add(client: BridgeClient): void {
    const at = this.navigators.indexOf(client);
    if (at >= 0) this.navigators.splice(at, 1);
    this.navigators.push(client);
  }

  hasNavigator(): boolean {
    return this.current() !== undefined;
  }

  /** The client is gone: its unanswered pops fall back to the browser at once. */
  removed(client: BridgeClient): void {
    const at = this.navigators.indexOf(client);
    if (at >= 0) this.navigators.splice(at, 1);
    for (const [popId, pending] of this.pending) {
      if (pending.client !== client) continue;
      this.finish(popId, {
        ok: false,
        reason: 'disconnected',
        detail: 'extension disconnected before answering',
      });
    }
    for (const [popId, owner] of this.recent) if (owner === client) this.recent.delete(popId);
  }

  /** Hands the URL to the most recent tab client and waits for its ack (or the deadline). */
  navigate(request: TabOpenRequest): Promise<TabOpenResult> {
    const client = this.current();
    if (!client) {
      return Promise.resolve({
        ok: false,
        reason: 'no-extension',
        detail: 'no extension connected',
      });
    }
    const settings = this.options.settings();
    const message: NavigateMessage = {
      type: 'connector.navigate',
      popId: request.popId,
      url: request.url,
      allowedOrigins: request.allowedOrigins,
      focus: settings.focus,
      newTab: settings.newTab,
    };
    return new Promise<TabOpenResult>((resolve) => {
      const timer = this.options.clock.setTimeout(
        () =>
          this.finish(request.popId, {
            ok: false,
            reason: 'silent',
            detail: `extension silent ${settings.ackTimeoutMs} ms`,
          }),
        settings.ackTimeoutMs,
      );
      this.pending.set(request.popId, { client, settle: resolve, timer });
      if (!client.send(JSON.stringify(message))) {
        this.finish(request.popId, {
          ok: false,
          reason: 'disconnected',
          detail: 'extension disconnected before answering',
        });
      }
    });
  }

  /** A tabs-protocol frame from a tab client. Anything malformed or unexpected is logged, ignored. */
  onFrame(client: BridgeClient, message: Record<string, unknown>): void {
    if (message.type === 'connector.keepalive') {
      // The answer is the point: traffic both ways keeps an MV3 service worker awake.
      client.send(JSON.stringify({ type: 'connector.keepalive' }));
      return;
    }
    if (message.type === 'connector.navigateAck') return this.onAck(client, message);
    if (message.type === 'connector.navigating') return this.onNavigating(client, message);
  }

  /** Every unanswered pop falls back (the bridge is stopping). */
  close(): void {
    for (const popId of [...this.pending.keys()]) {
      this.finish(popId, {
        ok: false,
        reason: 'disconnected',
        detail: 'the event bridge stopped before the extension answered',
      });
    }
    this.navigators.length = 0;
    this.recent.clear();
  }

  private onAck(client: BridgeClient, message: Record<string, unknown>): void {
    const ack = parseNavigateAck(message);
    if (!ack) return this.complain(client, 'a malformed navigateAck');
    const pending = this.pending.get(ack.popId);
    if (!pending) return this.complain(client, `an ack for an unknown or finished pop`);
    if (pending.client !== client)
      return this.complain(client, 'an ack for a pop it was not given');
    if (ack.ok) {
      this.remember(ack.popId, client);
      this.finish(ack.popId, { ok: true, tabId: ack.tabId, reused: ack.reused });
      return;
    }
    const detail = ack.message ? `${ack.reason}: ${ack.message}` : ack.reason;
    this.finish(ack.popId, {
      ok: false,
      reason: 'refused',
      detail: `extension refused (${detail})`,
    });
  }

  private onNavigating(client: BridgeClient, message: Record<string, unknown>): void {
    const navigating = parseNavigating(message);
    if (!navigating) return this.complain(client, 'a malformed navigating report');
    // The report may overtake the ack on a fast machine; both pending and acked pops count.
    const owner = this.recent.get(navigating.popId) ?? this.pending.get(navigating.popId)?.client;
    if (owner !== client) return this.complain(client, 'a navigating report for an unknown pop');
    this.recent.delete(navigating.popId);
    this.log.info(`CRM tab ${navigating.tabId} started loading screen-pop ${navigating.popId}`, {
      client: client.name,
    });
    this.options.onNavigating?.({ ...navigating, client: client.name });
  }

  private finish(popId: string, result: TabOpenResult): void {
    const pending = this.pending.get(popId);
    if (!pending) return;
    this.pending.delete(popId);
    this.options.clock.clearTimeout(pending.timer);
    pending.settle(result);
  }

  private remember(popId: string, client: BridgeClient): void {
    this.recent.set(popId, client);
    if (this.recent.size > RECENT_POPS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  private current(): BridgeClient | undefined {
    for (let i = this.navigators.length - 1; i >= 0; i -= 1) {
      const client = this.navigators[i]!;
      if (!client.closed) return client;
    }
    return undefined;
  }

  /** One warn line per bad frame, up to a limit per client, so a broken extension cannot flood the log. */
  private complain(client: BridgeClient, what: string): void {
    const count = (this.complaints.get(client) ?? 0) + 1;
    this.complaints.set(client, count);
    if (count <= COMPLAINTS_LOGGED) {
      this.log.warn(`bridge ignored ${what} from ${client.name}`);
    } else if (count === COMPLAINTS_LOGGED + 1) {
      this.log.warn(`bridge client ${client.name} keeps sending bad frames; no longer logged`);
    }
  }
}
