// Runs the caller-name lookup beside the screen-pop: it starts when a call record has been
// emitted (so the pop never waits for it) and announces the name when it arrives. The tray,
// the history view and the bridge listen to `callerName` and `lookup`.
// The lookup itself (caller-name-lookup.ts and its HTTPS GET) is imported at the first call
// that needs it, when lookup.url is set: most agents never turn it on.
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import type { ConnectorConfig } from '../config/schema.js';
import type { ConfigurationAnswer } from '../connection/connection-events.js';
import { configurationForTemplates } from '../configuration-values.js';
import type { ConnectorEvents } from '../connector.js';
import { EventBus, type Unsubscribe } from '../events.js';
import { createHttpsAgent } from '../net/https-agent.js';
import type { Clock, Logger, SecretStore } from '../ports.js';
import type { CallRecord } from '../screen-pop/call-record.js';
import { systemClock } from '../system-clock.js';
import type { CallerNameLookup, LookupResult } from './caller-name-lookup.js';

export interface LookupSource {
  readonly events: EventBus<ConnectorEvents>;
  getConfig(): ConnectorConfig;
  getConfigurationAnswer(): ConfigurationAnswer | undefined;
}

export type LookupEvents = {
  /** A name was found for this call. */
  callerName: { callId: string; name: string };
  /** How the lookup for this call went, with one line for its trace ("lookup" note). */
  lookup: { callId: string; result: LookupResult; note: string };
};

export interface AttachLookupOptions {
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  /** Extra CA certificates (PEM); default: read from accolades.caFile when set. */
  caPem?: string;
  readTextFile?: (path: string) => Promise<string>;
}

export interface LookupHandle {
  readonly events: EventBus<LookupEvents>;
  /** Resolves when every lookup started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  detach(): void;
}

export function attachLookup(connector: LookupSource, options: AttachLookupOptions): LookupHandle {
  const log = options.logger.child('lookup');
  const events = new EventBus<LookupEvents>((event, error) =>
    log.error('a lookup listener failed', { event, error: String(error) }),
  );
  const pending = new Set<Promise<void>>();
  let agentFor: { key: string; agent: Promise<http.Agent | undefined> } | undefined;

  const agent = (): Promise<http.Agent | undefined> => {
    const { caFile, proxy } = connector.getConfig().accolades;
    const key = JSON.stringify([caFile, proxy, options.caPem !== undefined]);
    if (agentFor?.key !== key) {
      agentFor = { key, agent: makeAgent(caFile, proxy) };
    }
    return agentFor.agent;
  };
  const makeAgent = async (caFile?: string, proxy?: string): Promise<http.Agent | undefined> => {
    let caPem = options.caPem;
    if (caPem === undefined && caFile) {
      caPem = await (options.readTextFile ?? ((p) => readFile(p, 'utf8')))(caFile);
    }
    return createHttpsAgent({ caPem, proxy });
  };

  // One lookup (its cache and once-per-kind failure log) for the whole attachment.
  let loaded:
    Promise<{ lookup: CallerNameLookup; lookupNote: (r: LookupResult) => string }> | undefined;
  const load = () =>
    (loaded ??= import('./caller-name-lookup.js').then(({ CallerNameLookup, lookupNote }) => ({
      lookup: new CallerNameLookup({
        getConfig: () => connector.getConfig(),
        secrets: options.secrets,
        logger: log,
        clock: options.clock ?? systemClock,
        agent,
      }),
      lookupNote,
    })));

  const onCall = async (record: CallRecord): Promise<void> => {
    const { lookup, lookupNote } = await load();
    const result = await lookup.lookup({
      direction: record.direction,
      number: record.number,
      crmId: record.crmId,
      timeMs: record.receivedAt,
      configuration: configurationForTemplates(connector.getConfigurationAnswer()),
    });
    if (result.kind === 'off') return;
    events.emit('lookup', { callId: record.id, result, note: lookupNote(result) });
    if (result.kind === 'found')
      events.emit('callerName', { callId: record.id, name: result.name });
  };

  const off: Unsubscribe = connector.events.on('call', (record) => {
    if (connector.getConfig().lookup.url === '') return;
    // A popped-again call is the same caller: its first record already has the name.
    if (record.popAgainOf !== undefined) return;
    if (record.number.kind === 'withheld' || record.number.kind === 'invalid') return;
    const task = onCall(record).catch((error: unknown) =>
      log.error('caller-name lookup crashed', { error: String(error) }),
    );
    pending.add(task);
    void task.finally(() => pending.delete(task));
  });

  return {
    events,
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    detach: off,
  };
}
