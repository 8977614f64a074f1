// Runs the CRM lookup for each call. When the lookup can change what a pop opens (a contact or
// new-contact page is configured) the screen-pop asks it first, through the ContactFinder this
// registers, and waits at most lookup.timeoutMs; otherwise (a caller name only) it starts when
// the call record has been emitted, so the pop never waits for it. Either way the result is
// announced once per call: the tray, the history view and the bridge listen to `callerName`
// and `lookup`. The lookup itself (contact-lookup.ts: HTTPS, JSON answers) is imported at the
// first call that needs it: most agents never turn it on.
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
import { normalizePhone } from '../phone/normalize-phone.js';
import type { CallDirection } from '../calls.js';
import type { ContactFinder } from '../screen-pop/contact-pop.js';
import type { ContactLookup, LookupResult } from './contact-lookup.js';
import { lookupNote } from './lookup-config.js';

export interface LookupSource {
  readonly events: EventBus<ConnectorEvents>;
  getConfig(): ConnectorConfig;
  getConfigurationAnswer(): ConfigurationAnswer | undefined;
  useContactFinder(finder: ContactFinder): Unsubscribe;
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
  /** Several matches: 'picker' (the app) holds the pop for the agent's pick; 'search' (default, the CLI) opens the rule's page. */
  severalMatches?: 'picker' | 'search';
  /** Largest CRM answer read (default 1 MiB). */
  maxBytes?: number;
}

export interface LookupHandle {
  readonly events: EventBus<LookupEvents>;
  /** Resolves when every lookup started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  /** The settings preview: looks `rawNumber` up now, past the cache. */
  test(rawNumber: string, direction?: CallDirection): Promise<LookupResult>;
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

  const clock = options.clock ?? systemClock;
  // One lookup (its cache and once-per-kind failure log) for the whole attachment.
  let loaded: Promise<ContactLookup> | undefined;
  const lookupNow = (...args: Parameters<ContactLookup['lookup']>): Promise<LookupResult> => {
    loaded ??= import('./contact-lookup.js').then(
      ({ ContactLookup }) =>
        new ContactLookup({
          getConfig: () => connector.getConfig(),
          secrets: options.secrets,
          logger: log,
          clock,
          agent,
          ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
        }),
    );
    return loaded.then((lookup) => lookup.lookup(...args));
  };
  // Lookups the screen-pop started for a call, by call id, until that call's record is out.
  const askedByPop = new Map<string, Promise<LookupResult>>();
  const offFinder = connector.useContactFinder({
    severalMatches: options.severalMatches ?? 'search',
    find: (values, callId) => {
      const running = lookupNow(values);
      askedByPop.set(callId, running);
      return running;
    },
  });

  const onCall = async (record: CallRecord): Promise<void> => {
    const asked = askedByPop.get(record.id);
    askedByPop.delete(record.id);
    const result =
      (await asked) ??
      (await lookupNow({
        direction: record.direction,
        number: record.number,
        crmId: record.crmId,
        timeMs: record.receivedAt,
        configuration: configurationForTemplates(connector.getConfigurationAnswer()),
      }));
    if (result.kind === 'off') return;
    events.emit('lookup', { callId: record.id, result, note: lookupNote(result) });
    if (result.kind === 'found' && result.name !== undefined)
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
    test: (rawNumber, direction = 'inbound') =>
      lookupNow(
        {
          direction,
          number: normalizePhone(rawNumber, connector.getConfig().phone),
          crmId: connector.getConfig().accolades.crmId,
          timeMs: clock.nowMs(),
          configuration: configurationForTemplates(connector.getConfigurationAnswer()),
        },
        { fresh: true },
      ),
    detach: () => {
      off();
      offFinder();
    },
  };
}
