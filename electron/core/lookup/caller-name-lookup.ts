// Asks the admin's CRM for the caller's name: renders the lookup URL template with the same
// placeholder, encoding and origin rules as screen-pop URLs (https only), sends the API key from
// the secret store in the admin's header, reads the name at the configured path. Answers are
// cached briefly; each kind of failure is logged once until a lookup succeeds again.
import type http from 'node:http';
import type { ConnectorConfig } from '../config/schema.js';
import type { Clock, Logger, SecretStore } from '../ports.js';
import { safeJsonParse } from '../protocol/safe-json.js';
import type { TemplateValues } from '../templates/template-values.js';
import { renderUrl } from '../templates/url-template.js';
import { cleanName, valueAtPath } from './caller-name-text.js';
import { httpsGet, type GetFailureKind } from './https-get.js';
import { errorMessage } from '../error-message.js';

export type LookupFailureKind = GetFailureKind | 'template' | 'bad-json';

export type LookupResult =
  | { kind: 'found'; name: string; cached: boolean }
  | { kind: 'not-found'; cached: boolean }
  | { kind: 'failed'; failure: LookupFailureKind; message: string }
  | { kind: 'off' };

export interface CallerNameLookupOptions {
  getConfig: () => ConnectorConfig;
  secrets: SecretStore;
  logger: Logger;
  clock: Clock;
  /** The HTTPS agent with the admin's CA bundle / proxy (createHttpsAgent); undefined = Node's. */
  agent: () => Promise<http.Agent | undefined>;
  /** Largest answer read. Default 64 KiB: a contact record, not a report. */
  maxBytes?: number;
  /** Most answers kept. Default 500. */
  cacheEntries?: number;
}

interface CacheEntry {
  name: string | undefined;
  expiresMono: number;
}

export class CallerNameLookup {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<LookupResult>>();
  private readonly loggedFailures = new Set<LookupFailureKind>();
  private readonly log: Logger;

  constructor(private readonly options: CallerNameLookupOptions) {
    this.log = options.logger;
  }

  /** Never throws; never waits longer than lookup.timeoutMs (plus reading the secret). */
  async lookup(values: TemplateValues): Promise<LookupResult> {
    const config = this.options.getConfig().lookup;
    if (config.url === '') return { kind: 'off' };
    const rendered = renderUrl(config.url, values, { allowHttp: false });
    if (!rendered.ok) return this.failed('template', rendered.error);
    const url = rendered.url;

    const now = this.options.clock.monotonicMs();
    const hit = this.cache.get(url);
    if (hit && hit.expiresMono > now) {
      return hit.name === undefined
        ? { kind: 'not-found', cached: true }
        : { kind: 'found', name: hit.name, cached: true };
    }
    const running = this.inFlight.get(url);
    if (running) return running;
    const promise = this.fetch(url).finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, promise);
    return promise;
  }

  private async fetch(url: string): Promise<LookupResult> {
    const config = this.options.getConfig().lookup;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'AccoladesConnector',
    };
    if (config.apiKeyHeader !== '') {
      const key = await this.options.secrets.get('lookupApiKey').catch(() => undefined);
      if (key) headers[config.apiKeyHeader.toLowerCase()] = key;
    }
    let agent: http.Agent | undefined;
    try {
      agent = await this.options.agent();
    } catch (error) {
      return this.failed('network', errorMessage(error));
    }
    const answer = await httpsGet(url, {
      headers,
      agent,
      timeoutMs: config.timeoutMs,
      maxBytes: this.options.maxBytes ?? 64 * 1024,
      clock: this.options.clock,
    });
    if (!answer.ok) return this.failed(answer.kind, answer.message);

    let name: string | undefined;
    if (answer.status !== 404) {
      const parsed = safeJsonParse(answer.body);
      if (!parsed.ok) return this.failed('bad-json', `the answer is not JSON (${parsed.error})`);
      name = cleanName(valueAtPath(parsed.value, config.namePath));
    }
    this.remember(url, name, config.cacheSeconds);
    if (this.loggedFailures.size > 0) {
      this.log.info('caller-name lookup works again');
      this.loggedFailures.clear();
    }
    return name === undefined
      ? { kind: 'not-found', cached: false }
      : { kind: 'found', name, cached: false };
  }

  private remember(url: string, name: string | undefined, cacheSeconds: number): void {
    if (cacheSeconds <= 0) return;
    const limit = this.options.cacheEntries ?? 500;
    if (this.cache.size >= limit) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.delete(url);
    this.cache.set(url, {
      name,
      expiresMono: this.options.clock.monotonicMs() + cacheSeconds * 1000,
    });
  }

  private failed(failure: LookupFailureKind, message: string): LookupResult {
    // Once per kind: a CRM that is down must not write a warning for every call of the day.
    if (!this.loggedFailures.has(failure)) {
      this.loggedFailures.add(failure);
      this.log.warn(`caller-name lookup failed: ${message}`, { failure });
    } else {
      this.log.debug(`caller-name lookup failed: ${message}`, { failure });
    }
    return { kind: 'failed', failure, message };
  }
}

/** One line for the call's trace / history view. */
export function lookupNote(result: LookupResult): string {
  switch (result.kind) {
    case 'found':
      return `Caller name from the CRM: ${result.name}${result.cached ? ' (cached)' : ''}.`;
    case 'not-found':
      return 'The CRM does not know this number.';
    case 'failed':
      return `Caller-name lookup failed: ${result.message}.`;
    case 'off':
      return 'Caller-name lookup is off.';
  }
}

// The settings check lives in lookup-config.ts, so checking settings does not load the lookup.
export { lookupConfigProblems } from './lookup-config.js';
