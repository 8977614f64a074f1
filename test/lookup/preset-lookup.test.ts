// Each preset with a public search API carries a lookup that expands, with the admin's inputs,
// into a valid lookup aimed at the API host its documentation names; bad inputs are refused.
import { describe, expect, it } from 'vitest';
import { presetLookup } from '../../electron/core/lookup/preset-lookup.js';

const CASES: { id: string; inputs: Record<string, string>; url: string; contactUrl: string }[] = [
  {
    id: 'hubspot',
    inputs: { portalId: '4242' },
    url: 'https://api.hubapi.com/crm/v3/objects/contacts/search',
    contactUrl: 'https://app.hubspot.com/contacts/4242/record/0-1/{contactId}',
  },
  {
    id: 'pipedrive',
    inputs: { companyDomain: 'acme' },
    url: 'https://acme.pipedrive.com/v1/persons/search?term={number}&fields=phone&exact_match=true',
    contactUrl: 'https://acme.pipedrive.com/person/{contactId}',
  },
  {
    id: 'zoho-crm',
    inputs: { orgId: '20071234567' },
    url: 'https://www.zohoapis.eu/crm/v3/Contacts/search?phone={number}',
    contactUrl: 'https://crm.zoho.eu/crm/org20071234567/tab/Contacts/{contactId}',
  },
  {
    id: 'freshdesk',
    inputs: { subdomain: 'acme' },
    url: 'https://acme.freshdesk.com/api/v2/contacts?phone={number}',
    contactUrl: 'https://acme.freshdesk.com/a/contacts/{contactId}',
  },
  {
    id: 'zendesk',
    inputs: { subdomain: 'acme' },
    url: 'https://acme.zendesk.com/api/v2/search.json?query=role%3Aend-user%20phone%3A{number}',
    contactUrl: 'https://acme.zendesk.com/agent/users/{contactId}',
  },
];

describe('preset lookups', () => {
  it.each(CASES)('$id expands to its documented search API', ({ id, inputs, url, contactUrl }) => {
    const result = presetLookup(id, inputs);
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.lookup.url).toBe(url);
    expect(result.lookup.contactUrl).toBe(contactUrl);
    expect(result.lookup.numberFormats.length).toBeGreaterThan(0);
  });

  it('refuses inputs that would move the request elsewhere, and presets without a lookup', () => {
    expect(presetLookup('pipedrive', { companyDomain: 'evil.example/x' })).toMatchObject({
      ok: false,
    });
    expect(presetLookup('zoho-crm', { orgId: '1', apiHost: 'evil.example' })).toMatchObject({
      ok: false,
    });
    expect(presetLookup('salesforce', {})).toMatchObject({ ok: false });
    expect(presetLookup('nope', {})).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^"nope" is not a preset; use one of salesforce, hubspot/)],
    });
  });
});
