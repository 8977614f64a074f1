// The contact lookup of each CRM preset against a local stand-in of that CRM's search API,
// through the real Connector and lookup plug-in: what the pop opens for 0, 1 and several
// matches, and that every way the CRM can fail still opens the rule's own page, on time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import {
  freshdeskLookup,
  hubspotLookup,
  pipedriveLookup,
  zendeskLookup,
  zohoLookup,
  type LookupBlock,
} from '../../electron/core/presets/crm-lookups.js';
import { lookupPlugIn, type LookupPlugIn } from '../../electron/core/lookup/lookup-plug-in.js';
import type { Clock, UrlOpener } from '../../electron/core/ports.js';
import type { CallRecord } from '../../electron/core/screen-pop/call-record.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { CrmStandIns, TOKENS, pointAt, type CrmName } from './crm-stand-ins.js';

class RecordingOpener implements UrlOpener {
  readonly opened: string[] = [];
  async open(url: string): Promise<void> {
    this.opened.push(url);
  }
}

const SEARCH_PAGE = 'https://crm.example.test/search?q={e164}';
const CRMS: {
  crm: CrmName;
  block: LookupBlock;
  stores: (e164: string) => string;
  page: (id: string) => string;
}[] = [
  {
    crm: 'hubspot',
    block: hubspotLookup,
    stores: (e164) => e164,
    page: (id) => `https://app.hubspot.com/contacts/4242/record/0-1/${id}`,
  },
  {
    crm: 'pipedrive',
    block: pipedriveLookup,
    // Kept as dialled at home: the lookup finds it on its second format.
    stores: (e164) => `0${e164.slice(3)}`,
    page: (id) => `https://acme.pipedrive.com/person/${id}`,
  },
  {
    crm: 'zoho',
    block: zohoLookup,
    stores: (e164) => e164,
    page: (id) => `https://crm.zoho.eu/crm/org20071234567/tab/Contacts/${id}`,
  },
  {
    crm: 'freshdesk',
    block: freshdeskLookup,
    stores: (e164) => e164.slice(1),
    page: (id) => `https://acme.freshdesk.com/a/contacts/${id}`,
  },
  {
    crm: 'zendesk',
    block: zendeskLookup,
    stores: (e164) => `+40 ${e164.slice(3, 6)} ${e164.slice(6, 9)} ${e164.slice(9)}`,
    page: (id) => `https://acme.zendesk.com/agent/users/${id}`,
  },
];

const standIns = new CrmStandIns();
beforeAll(() => standIns.start());
afterAll(() => standIns.stop());
beforeEach(() => standIns.reset());

interface Setup {
  crm?: CrmName;
  block?: LookupBlock;
  severalMatches?: 'picker' | 'search';
  clock?: Clock;
  lookup?: Partial<LookupBlock>;
}

async function setUp(options: Setup = {}) {
  const crm = options.crm ?? 'hubspot';
  const block = options.block ?? CRMS.find((c) => c.crm === crm)!.block;
  const opener = new RecordingOpener();
  const logger = new MemoryLogger();
  const secrets = new MemorySecretStore({ lookupApiKey: TOKENS[crm] });
  const history = new MemoryHistoryStore<CallRecord>();
  const connector = new Connector({
    config: configSchema.parse({
      accolades: { crmId: 'agent-7' },
      screenPop: { dedupeWindowSeconds: 0, burst: 100, refillSeconds: 0 },
      rules: [{ name: 'CRM search', open: SEARCH_PAGE }],
      // A roomy budget: the machine may be busy; the timeout itself has its own test below.
      lookup: { ...pointAt(block, standIns.origin), timeoutMs: 5000, ...options.lookup },
    }),
    logger,
    secrets,
    history,
    opener,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const lookup: LookupPlugIn = await connector.plugIn(
    lookupPlugIn({
      secrets,
      logger,
      caPem: standIns.caPem,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.severalMatches ? { severalMatches: options.severalMatches } : {}),
    }),
  );
  return { connector, opener, logger, lookup, history };
}

const searchFor = (e164: string) => `https://crm.example.test/search?q=${encodeURIComponent(e164)}`;

describe.each(CRMS)('$crm preset lookup against its stand-in', ({ crm, stores, page }) => {
  const e164 = '+40712345678';

  it('one match: the pop opens the contact page, the name follows', async () => {
    standIns.contacts[crm].push({
      id: '501',
      first: 'Ana',
      last: 'Pop',
      company: 'Acme',
      phone: stores(e164),
    });
    const { connector, opener, lookup } = await setUp({ crm });
    const record = await connector.handleTestCall('0712 345 678', 'inbound');
    expect(opener.opened).toEqual([page('501')]);
    expect(record.contacts).toEqual([
      expect.objectContaining({ id: '501', name: 'Ana Pop', url: page('501') }),
    ]);
    expect(record.trace.summary).toContain('One contact matched');
    await connector.idle();
    expect(lookup.problems()).toEqual([]);
    await connector.detachPlugIns();
  });

  it('several matches: the CLI way opens the search page and keeps every match', async () => {
    standIns.contacts[crm].push(
      { id: '601', first: 'Ion', last: 'Ionescu', company: 'A', phone: stores(e164) },
      { id: '602', first: 'Ioana', last: 'Ionescu', company: 'B', phone: stores(e164) },
      { id: '603', first: 'Dan', last: 'Ionescu', company: 'C', phone: stores(e164) },
    );
    const { connector, opener } = await setUp({ crm, severalMatches: 'search' });
    const record = await connector.handleTestCall('+40712345678', 'inbound');
    expect(opener.opened).toEqual([searchFor(e164)]);
    expect(record.contacts?.map((c) => c.id)).toEqual(['601', '602', '603']);
    expect(record.contacts?.map((c) => c.url)).toEqual([page('601'), page('602'), page('603')]);
    expect(record.trace.summary).toContain("3 contacts matched; the rule's page opened.");
    await connector.detachPlugIns();
  });

  it('several matches in the app: nothing opens until the agent picks', async () => {
    standIns.contacts[crm].push(
      { id: '701', first: 'A', last: 'B', company: 'A', phone: stores(e164) },
      { id: '702', first: 'C', last: 'D', company: 'B', phone: stores(e164) },
    );
    const { connector, opener } = await setUp({ crm, severalMatches: 'picker' });
    const record = await connector.handleTestCall('+40712345678', 'inbound');
    expect(opener.opened).toEqual([]);
    expect(record.pickContact).toBe(true);
    expect(record.outcome).toEqual({ kind: 'popped' });
    expect(record.contacts).toHaveLength(2);
    await connector.detachPlugIns();
  });

  it('no match: the rule’s own page opens, after every number format was tried', async () => {
    const { connector, opener } = await setUp({ crm });
    await connector.handleTestCall('+40712345678', 'inbound');
    expect(opener.opened).toEqual([searchFor(e164)]);
    expect(standIns.requests.filter((r) => r.crm === crm).length).toBeGreaterThanOrEqual(2);
    await connector.detachPlugIns();
  });
});

describe('a CRM that fails still gets its pop', () => {
  it('401: the rule page opens and the problem is said once, in plain words', async () => {
    const { connector, opener, lookup, logger } = await setUp({
      crm: 'hubspot',
      lookup: { cacheSeconds: 0 },
    });
    standIns.fault = { kind: 'unauthorized' };
    await connector.handleTestCall('+40712345678', 'inbound');
    await connector.handleTestCall('+40712345679', 'inbound');
    await connector.handleTestCall('+40712345670', 'inbound');
    await connector.idle();
    expect(opener.opened).toHaveLength(3);
    expect(opener.opened[0]).toBe(searchFor('+40712345678'));
    expect(lookup.problems()).toEqual([
      { source: 'lookup', message: expect.stringMatching(/refused the API key \(HTTP 401\)/) },
    ]);
    expect(logger.entries.filter((e) => e.level === 'warn' && /401/.test(e.message))).toHaveLength(
      1,
    );
    await connector.detachPlugIns();
  });

  it('429 with Retry-After: no further request until it has passed', async () => {
    const clock = new FakeClock();
    const { connector, opener, lookup } = await setUp({
      crm: 'pipedrive',
      clock,
      lookup: { cacheSeconds: 0 },
    });
    standIns.fault = { kind: 'rate-limited', retryAfterSeconds: 30 };
    await connector.handleTestCall('+40712345678', 'inbound');
    expect(standIns.requests).toHaveLength(1);
    await connector.handleTestCall('+40712345679', 'inbound');
    expect(standIns.requests).toHaveLength(1); // held back
    expect(opener.opened).toHaveLength(2);
    await connector.idle();
    expect(lookup.problems()[0]?.message).toMatch(/asks again in 30 s|asks to wait 30 s/);
    clock.advance(31_000);
    standIns.fault = undefined;
    await connector.handleTestCall('+40712345670', 'inbound');
    expect(standIns.requests.length).toBeGreaterThan(1);
    await connector.detachPlugIns();
  });

  it('a CRM that never answers: the rule page opens at lookup.timeoutMs, not later', async () => {
    const clock = new FakeClock();
    const { connector, opener } = await setUp({ crm: 'zoho', clock, lookup: { timeoutMs: 1200 } });
    standIns.fault = { kind: 'silent' };
    const pending = connector.handleTestCall('+40712345678', 'inbound');
    const start = Date.now();
    while (standIns.requests.length === 0) {
      if (Date.now() - start > 5000) throw new Error('no request reached the stand-in');
      await new Promise((r) => setTimeout(r, 5));
    }
    clock.advance(1199);
    await new Promise((r) => setTimeout(r, 50));
    expect(opener.opened).toEqual([]);
    clock.advance(1);
    const record = await pending;
    expect(opener.opened).toEqual([searchFor('+40712345678')]);
    expect(record.trace.summary).toContain('did not answer within 1200 ms');
    await connector.detachPlugIns();
  });

  it('malformed JSON: the rule page opens and the problem names it', async () => {
    const { connector, opener, lookup } = await setUp({ crm: 'hubspot' });
    standIns.fault = { kind: 'malformed' };
    await connector.handleTestCall('+40712345678', 'inbound');
    await connector.idle();
    expect(opener.opened).toEqual([searchFor('+40712345678')]);
    expect(lookup.problems()[0]?.message).toMatch(/^the answer is not JSON/);
    await connector.detachPlugIns();
  });

  it('a 10 MB answer is cut off at 1 MB and refused', async () => {
    const { connector, opener, lookup } = await setUp({
      crm: 'hubspot',
      lookup: { timeoutMs: 5000 },
    });
    standIns.fault = { kind: 'huge', bytes: 10 * 1024 * 1024 };
    await connector.handleTestCall('+40712345678', 'inbound');
    await connector.idle();
    expect(opener.opened).toEqual([searchFor('+40712345678')]);
    expect(lookup.problems()[0]?.message).toBe(
      'the answer is larger than 1 MB; it was cut off and not used',
    );
    await connector.detachPlugIns();
  });

  it('a list path that matches nothing is said clearly (and the rule page opens)', async () => {
    const { connector, opener, lookup } = await setUp({
      crm: 'hubspot',
      lookup: { listPath: 'contacts[*]' },
    });
    await connector.handleTestCall('+40712345678', 'inbound');
    await connector.idle();
    expect(opener.opened).toEqual([searchFor('+40712345678')]);
    expect(lookup.problems()[0]?.message).toBe(
      'lookup.listPath "contacts[*]" matches nothing in the answer (its keys: total, results)',
    );
    await connector.detachPlugIns();
  });

  it('a name path that finds nothing in the matches is said clearly', async () => {
    standIns.contacts.hubspot.push({
      id: '9',
      first: 'A',
      last: 'B',
      company: '',
      phone: '+40712345678',
    });
    const { connector, lookup } = await setUp({
      crm: 'hubspot',
      lookup: {
        idPath: 'uuid',
        namePath: 'props.name',
        contactUrl: '',
        newContactUrl: 'https://crm.example.test/new?phone={e164}',
      },
    });
    await connector.handleTestCall('+40712345678', 'inbound');
    await connector.idle();
    expect(lookup.problems()[0]?.message).toBe(
      'the answer lists 1 match, but lookup.idPath "uuid" and lookup.namePath "props.name" find nothing in it',
    );
    await connector.detachPlugIns();
  });
});

describe('no match with a new-contact page', () => {
  it('opens the new-contact page with the number pre-filled', async () => {
    const { connector, opener } = await setUp({
      crm: 'hubspot',
      lookup: {
        newContactUrl: 'https://app.hubspot.com/contacts/4242/objects/0-1/new?phone={e164}',
      },
    });
    const record = await connector.handleTestCall('0712345678', 'inbound');
    expect(opener.opened).toEqual([
      'https://app.hubspot.com/contacts/4242/objects/0-1/new?phone=%2B40712345678',
    ]);
    expect(record.trace.summary).toContain('the new-contact page opened');
    await connector.detachPlugIns();
  });
});

describe('contact links written by the CRM', () => {
  it('opens an answer link only on an allowed origin; javascript: and other origins never', async () => {
    const { connector, opener, logger } = await setUp({
      crm: 'hubspot',
      lookup: {
        contactUrl: '',
        contactUrlPath: 'properties.link',
        contactOrigins: ['https://app.hubspot.com'],
      },
    });
    const answerWith = (link: string) => ({
      kind: 'answer' as const,
      body: { results: [{ id: '1', properties: { firstname: 'Eve', lastname: 'X', link } }] },
    });
    standIns.fault = answerWith('javascript:alert(1)');
    await connector.handleTestCall('+40712345601', 'inbound');
    standIns.fault = answerWith('https://evil.example/phish');
    await connector.handleTestCall('+40712345602', 'inbound');
    standIns.fault = answerWith('https://user:pw@app.hubspot.com/contacts/1');
    await connector.handleTestCall('+40712345603', 'inbound');
    standIns.fault = answerWith('https://app.hubspot.com/contacts/4242/record/0-1/1');
    await connector.handleTestCall('+40712345604', 'inbound');
    expect(opener.opened).toEqual([
      searchFor('+40712345601'),
      searchFor('+40712345602'),
      searchFor('+40712345603'),
      'https://app.hubspot.com/contacts/4242/record/0-1/1',
    ]);
    expect(logger.text()).toContain('outside the allowed origins');
    await connector.detachPlugIns();
  });
});
