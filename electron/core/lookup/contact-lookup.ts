// Asks the admin's CRM who is calling: renders the request (URL with the same placeholder,
// encoding and origin rules as screen-pop URLs, https only; an optional JSON body; the API key
// from the secret store in a header or as Bearer), tries the number in the configured formats
// in turn under ONE time budget, and maps the answer to contact matches (contact-matches.ts).
// Answers are cached; each kind of failure is logged once until a lookup works again, and a 429
// is honoured (no request until its Retry-After has passed).
// Over 300 lines? No: the request, the matching and the note text live in their own files.
import type http from 'node:http';
import type { ConnectorConfig, LookupConfig } from '../config/schema.js';
import type { Clock, Logger, SecretStore } from '../ports.js';
import { safeJsonParse } from '../protocol/safe-json.js';
import type { TemplateValues } from '../templates/template-values.js';
import { renderUrl } from '../templates/url-template.js';
import { contactMatches, type ContactMatch } from './contact-matches.js';
import { httpsRequest, type RequestFailureKind } from './https-request.js';
import { renderJsonBody } from './json-body.js';
import { lookupNumberForms } from './lookup-number-forms.js';
import { errorMessage } from '../error-message.js';

export type { ContactMatch } from './contact-matches.js';

export type LookupFailureKind = RequestFailureKind | 'template' | 'bad-json' | 'mapping';

export type LookupResult =
  | {
      kind: 'found';
      contacts: ContactMatch[];
      /** The caller's name when exactly one contact matched and it has one. */
      name?: string;
      cached: boolean;
    }
  | {
      kind: 'not-found';
      cached: boolean;
      /** lookup.newContactUrl rendered with this number, when the admin set one. */
      newContactUrl?: string;
    }
  | { kind: 'failed'; failure: LookupFailureKind; message: string }
  | { kind: 'off' };

export interface ContactLookupOptions {
  getConfig: () => ConnectorConfig;
  secrets: SecretStore;
  logger: Logger;
  clock: Clock;
  /** The HTTPS agent with the admin's CA bundle / proxy (createHttpsAgent); undefined = Node's. */
  agent: () => Promise<http.Agent | undefined>;
  /** Largest answer read; a longer one is cut off and refused. Default 1 MiB. */
  maxBytes?: number;
  /** Most answers kept. Default 500. */
  cacheEntries?: number;
}

type Settled = Extract<LookupResult, { kind: 'found' } | { kind: 'not-found' }>;

interface CacheEntry {
  result: Settled;
  expiresMono: number;
}

export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

export class ContactLookup {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<LookupResult>>();
  private readonly loggedFailures = new Set<LookupFailureKind>();
  private blockedUntilMono = 0;
  private readonly log: Logger;

  constructor(private readonly options: ContactLookupOptions) {
    this.log = options.logger;
  }

  /**
   * Never throws; the requests together never take longer than lookup.timeoutMs (reading the
   * secret and the CA bundle come before; the screen-pop has its own deadline on top).
   * `fresh` skips the cache (the settings preview).
   */
  async lookup(values: TemplateValues, { fresh = false } = {}): Promise<LookupResult> {
    const config = this.options.getConfig().lookup;
    if (config.url === '') return { kind: 'off' };
    const first = this.request(config, values, undefined);
    if (!first.ok) return this.failed('template', first.error);
    const key = `${config.method} ${first.url} ${first.body ?? ''}`;

    const now = this.options.clock.monotonicMs();
    const hit = this.cache.get(key);
    if (!fresh && hit && hit.expiresMono > now) return { ...hit.result, cached: true };
    if (now < this.blockedUntilMono) {
      const seconds = Math.ceil((this.blockedUntilMono - now) / 1000);
      return this.failed(
        'rate-limited',
        `the CRM asked to wait (HTTP 429); the lookup asks again in ${seconds} s`,
      );
    }
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = this.fetch(config, values, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** The URL and body for one form of the number (undefined = the template as written). */
  private request(
    config: LookupConfig,
    values: TemplateValues,
    form: string | undefined,
  ): { ok: true; url: string; body?: string } | { ok: false; error: string } {
    const withForm: TemplateValues =
      form === undefined ? values : { ...values, number: { ...values.number, raw: form } };
    const rendered = renderUrl(config.url, withForm, { allowHttp: false });
    if (!rendered.ok) return rendered;
    if (config.method === 'GET' || config.body === undefined)
      return { ok: true, url: rendered.url };
    const body = renderJsonBody(config.body, withForm);
    if (!body.ok) return body;
    return { ok: true, url: rendered.url, body: body.text };
  }

  private async fetch(
    config: LookupConfig,
    values: TemplateValues,
    key: string,
  ): Promise<LookupResult> {
    const startMono = this.options.clock.monotonicMs();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'AccoladesConnector',
    };
    for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
    // A scheme other than plain goes in Authorization unless the admin named another header.
    const keyHeader =
      config.apiKeyHeader !== ''
        ? config.apiKeyHeader
        : config.apiKeyScheme === 'plain'
          ? ''
          : 'authorization';
    if (keyHeader !== '') {
      const apiKey = await this.options.secrets.get('lookupApiKey').catch(() => undefined);
      if (apiKey) headers[keyHeader.toLowerCase()] = keyValue(config.apiKeyScheme, apiKey);
    }
    let agent: http.Agent | undefined;
    try {
      agent = await this.options.agent();
    } catch (error) {
      return this.failed('network', errorMessage(error));
    }

    const forms: (string | undefined)[] =
      config.numberFormats.length === 0
        ? [undefined]
        : lookupNumberForms(values.number, config.numberFormats);
    const allowHttp = this.options.getConfig().screenPop.allowHttp;
    let tried = 0;
    for (const form of forms) {
      const left = config.timeoutMs - (this.options.clock.monotonicMs() - startMono);
      if (left <= 0) break;
      const request = this.request(config, values, form);
      if (!request.ok) return this.failed('template', request.error);
      tried += 1;
      const answer = await httpsRequest(request.url, {
        method: config.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        agent,
        timeoutMs: left,
        maxBytes: this.options.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES,
        clock: this.options.clock,
      });
      if (!answer.ok) {
        if (answer.kind === 'rate-limited') {
          this.blockedUntilMono =
            this.options.clock.monotonicMs() + (answer.retryAfterSeconds ?? 60) * 1000;
        }
        const message =
          answer.kind === 'timeout'
            ? `no answer within ${config.timeoutMs} ms${tried > 1 ? ` (${tried} number formats tried)` : ''}`
            : answer.message;
        return this.failed(answer.kind, message);
      }
      // 404 and an empty answer (204) mean "nobody with this number".
      if (answer.status === 404 || answer.body.trim() === '') continue;
      const parsed = safeJsonParse(answer.body);
      if (!parsed.ok) return this.failed('bad-json', `the answer is not JSON (${parsed.error})`);
      const matches = contactMatches(parsed.value, config, { values, allowHttp });
      if (!matches.ok) return this.failed('mapping', matches.error);
      if (matches.refusedLinks > 0) {
        this.log.warn(
          `the CRM answered ${matches.refusedLinks} contact link(s) outside the allowed origins; they are not opened`,
        );
      }
      if (matches.contacts.length > 0) {
        const only = matches.contacts.length === 1 ? matches.contacts[0] : undefined;
        return this.settled(key, config, {
          kind: 'found',
          contacts: matches.contacts,
          ...(only?.name === undefined ? {} : { name: only.name }),
          cached: false,
        });
      }
    }
    if (tried < forms.length) {
      return this.failed(
        'timeout',
        `no answer within ${config.timeoutMs} ms (${tried} of ${forms.length} number formats tried)`,
      );
    }
    const newContact =
      config.newContactUrl === ''
        ? undefined
        : renderUrl(config.newContactUrl, values, { allowHttp });
    if (newContact && !newContact.ok) this.log.warn(`lookup.newContactUrl: ${newContact.error}`);
    return this.settled(key, config, {
      kind: 'not-found',
      cached: false,
      ...(newContact?.ok ? { newContactUrl: newContact.url } : {}),
    });
  }

  private settled(key: string, config: LookupConfig, result: Settled): LookupResult {
    this.remember(key, result, config.cacheSeconds);
    if (this.loggedFailures.size > 0) {
      this.log.info('the CRM lookup works again');
      this.loggedFailures.clear();
    }
    return result;
  }

  private remember(key: string, result: Settled, cacheSeconds: number): void {
    if (cacheSeconds <= 0) return;
    const limit = this.options.cacheEntries ?? 500;
    if (this.cache.size >= limit) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.delete(key);
    this.cache.set(key, {
      result,
      expiresMono: this.options.clock.monotonicMs() + cacheSeconds * 1000,
    });
  }

  private failed(failure: LookupFailureKind, message: string): LookupResult {
    // Once per kind: a CRM that is down must not write a warning for every call of the day.
    if (!this.loggedFailures.has(failure)) {
      this.loggedFailures.add(failure);
      this.log.warn(`CRM lookup failed: ${message}`, { failure });
    } else {
      this.log.debug(`CRM lookup failed: ${message}`, { failure });
    }
    return { kind: 'failed', failure, message };
  }
}

function keyValue(scheme: LookupConfig['apiKeyScheme'], key: string): string {
  switch (scheme) {
    case 'plain':
      return key;
    case 'bearer':
      return `Bearer ${key}`;
    case 'basic':
      return `Basic ${Buffer.from(key, 'utf8').toString('base64')}`;
    case 'zoho-oauthtoken':
      return `Zoho-oauthtoken ${key}`;
  }
}
