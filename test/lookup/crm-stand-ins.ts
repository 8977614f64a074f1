// Local stand-ins of five CRM search APIs, built from their public documentation (cited in
// electron/core/presets/crm-lookups.ts): a real HTTPS server on 127.0.0.1 with a CA minted for
// the run, the documented paths, auth headers and answer shapes, and switches for the ways a
// real CRM fails (401, 429 with Retry-After, never answering, broken JSON, a 10 MB answer).
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LookupBlock } from '../../electron/core/presets/crm-lookups.js';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';

/** The preset inputs the tests fill in (an admin would type these). */
export const INPUTS: Record<string, string> = {
  appHost: 'app.hubspot.com',
  portalId: '4242',
  companyDomain: 'acme',
  apiHost: 'www.zohoapis.eu',
  crmHost: 'crm.zoho.eu',
  orgId: '20071234567',
  subdomain: 'acme',
};

/** A preset's lookup block with its inputs filled and its API origin moved to the stand-in. */
export function pointAt(block: LookupBlock, origin: string): LookupBlock {
  const fill = (text: string | undefined) =>
    text?.replace(/<([A-Za-z]+)>/g, (_, key: string) => INPUTS[key] ?? `<${key}>`);
  const url = fill(block.url)!;
  return {
    ...block,
    url: origin + url.slice(url.indexOf('/', 'https://'.length)),
    ...(block.contactUrl ? { contactUrl: fill(block.contactUrl) } : {}),
  };
}

export type CrmName = 'hubspot' | 'pipedrive' | 'zoho' | 'freshdesk' | 'zendesk';

export interface StoredContact {
  id: string;
  first: string;
  last: string;
  company: string;
  /** As this CRM stores it (each CRM keeps numbers in its own format). */
  phone: string;
}

export type Fault =
  | { kind: 'unauthorized' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'silent' }
  | { kind: 'malformed' }
  | { kind: 'huge'; bytes: number }
  | { kind: 'answer'; body: unknown };

export const TOKENS = {
  hubspot: 'pat-eu1-hubspot-token',
  pipedrive: 'pipedrive-api-token',
  zoho: '1000.zoho-oauth-token',
  freshdesk: 'freshdesk-key:X',
  zendesk: 'agent@example.com/token:zendesk-token',
} as const;

export class CrmStandIns {
  readonly contacts: Record<CrmName, StoredContact[]> = {
    hubspot: [],
    pipedrive: [],
    zoho: [],
    freshdesk: [],
    zendesk: [],
  };
  fault: Fault | undefined;
  readonly requests: { crm: CrmName | 'unknown'; method: string; url: string; body: string }[] = [];
  caPem = '';
  private server: https.Server | undefined;
  private readonly held: ServerResponse[] = [];

  async start(): Promise<void> {
    const ca = await createCertificateAuthority();
    this.caPem = ca.cert;
    const leaf = await ca.issueServer();
    this.server = https.createServer({ cert: leaf.cert, key: leaf.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get origin(): string {
    return `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  reset(): void {
    for (const list of Object.values(this.contacts)) list.length = 0;
    this.fault = undefined;
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'https://stand-in');
    const crm = routeOf(req.method ?? 'GET', url.pathname);
    this.requests.push({
      crm: crm ?? 'unknown',
      method: req.method ?? '',
      url: req.url ?? '',
      body,
    });
    if (!crm) return json(res, 404, { error: 'no such endpoint' });
    if (!authorized(crm, req)) return json(res, 401, unauthorizedBody(crm));
    const fault = this.fault;
    if (fault?.kind === 'unauthorized') return json(res, 401, unauthorizedBody(crm));
    if (fault?.kind === 'rate-limited') {
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(fault.retryAfterSeconds),
      });
      res.end(JSON.stringify({ message: 'Too many requests' }));
      return;
    }
    if (fault?.kind === 'silent') return void this.held.push(res);
    if (fault?.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"results": [{"id": "1", "properties": ');
      return;
    }
    if (fault?.kind === 'huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      res.write('{"results": [], "pad": "');
      let sent = 0;
      const pump = (): void => {
        while (sent < fault.bytes) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      res.on('error', () => {});
      pump();
      return;
    }
    if (fault?.kind === 'answer') return json(res, 200, fault.body);
    const term = searchTerm(crm, url, body);
    const found = this.contacts[crm].filter((c) => matches(crm, c.phone, term));
    answer(crm, res, found);
  }
}

function routeOf(method: string, path: string): CrmName | undefined {
  if (method === 'POST' && path === '/crm/v3/objects/contacts/search') return 'hubspot';
  if (method === 'GET' && path === '/v1/persons/search') return 'pipedrive';
  if (method === 'GET' && path === '/crm/v3/Contacts/search') return 'zoho';
  if (method === 'GET' && path === '/api/v2/contacts') return 'freshdesk';
  if (method === 'GET' && path === '/api/v2/search.json') return 'zendesk';
  return undefined;
}

function basic(secret: string): string {
  return `Basic ${Buffer.from(secret).toString('base64')}`;
}

function authorized(crm: CrmName, req: IncomingMessage): boolean {
  const auth = req.headers.authorization;
  switch (crm) {
    case 'hubspot':
      return auth === `Bearer ${TOKENS.hubspot}`;
    case 'pipedrive':
      return req.headers['x-api-token'] === TOKENS.pipedrive;
    case 'zoho':
      return auth === `Zoho-oauthtoken ${TOKENS.zoho}`;
    case 'freshdesk':
      return auth === basic(TOKENS.freshdesk);
    case 'zendesk':
      return auth === basic(TOKENS.zendesk);
  }
}

function unauthorizedBody(crm: CrmName): unknown {
  if (crm === 'hubspot')
    return {
      status: 'error',
      message: 'Authentication credentials not found.',
      category: 'INVALID_AUTHENTICATION',
    };
  if (crm === 'zoho')
    return { code: 'INVALID_TOKEN', status: 'error', message: 'invalid oauth token' };
  return { error: 'Couldn’t authenticate you' };
}

function searchTerm(crm: CrmName, url: URL, body: string): string {
  if (crm === 'hubspot') {
    const parsed = JSON.parse(body) as {
      filterGroups?: { filters?: { propertyName?: string; value?: string }[] }[];
    };
    const filter = parsed.filterGroups?.[0]?.filters?.[0];
    return filter?.propertyName === 'phone' ? String(filter.value ?? '') : '';
  }
  if (crm === 'pipedrive')
    return url.searchParams.get('fields') === 'phone' ? (url.searchParams.get('term') ?? '') : '';
  if (crm === 'zoho' || crm === 'freshdesk') return url.searchParams.get('phone') ?? '';
  // Zendesk: query=role:end-user phone:<digits>
  const m = /(?:^|\s)phone:(\S+)/.exec(url.searchParams.get('query') ?? '');
  return m?.[1] ?? '';
}

function matches(crm: CrmName, stored: string, term: string): boolean {
  if (term === '') return false;
  // Zendesk compares digits (the docs: no spaces, dashes or +); the others the exact text.
  if (crm === 'zendesk') return stored.replace(/\D/g, '') === term.replace(/\D/g, '');
  return stored === term;
}

function answer(crm: CrmName, res: ServerResponse, found: StoredContact[]): void {
  switch (crm) {
    case 'hubspot':
      return json(res, 200, {
        total: found.length,
        results: found.map((c) => ({
          id: c.id,
          properties: { firstname: c.first, lastname: c.last, company: c.company, phone: c.phone },
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          archived: false,
        })),
      });
    case 'pipedrive':
      return json(res, 200, {
        success: true,
        data: {
          items: found.map((c) => ({
            result_score: 1,
            item: {
              id: Number(c.id),
              type: 'person',
              name: `${c.first} ${c.last}`,
              phones: [c.phone],
              organization: { id: 7, name: c.company },
            },
          })),
        },
        additional_data: { pagination: { start: 0, limit: 100, more_items_in_collection: false } },
      });
    case 'zoho':
      // Zoho answers 204 No Content when nothing matches.
      if (found.length === 0) {
        res.writeHead(204);
        res.end();
        return;
      }
      return json(res, 200, {
        data: found.map((c) => ({
          id: c.id,
          Full_Name: `${c.first} ${c.last}`,
          Account_Name: { name: c.company, id: '99' },
          Phone: c.phone,
        })),
        info: { per_page: 200, count: found.length, page: 1, more_records: false },
      });
    case 'freshdesk':
      return json(
        res,
        200,
        found.map((c) => ({
          id: Number(c.id),
          name: `${c.first} ${c.last}`,
          phone: c.phone,
          company_id: 5,
        })),
      );
    case 'zendesk':
      return json(res, 200, {
        results: found.map((c) => ({
          id: Number(c.id),
          name: `${c.first} ${c.last}`,
          phone: c.phone,
          result_type: 'user',
          url: `https://example.zendesk.com/api/v2/users/${c.id}.json`,
        })),
        count: found.length,
        next_page: null,
        previous_page: null,
      });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
