// Freshdesk (Freshworks): the agent search of contacts for the number.
// Docs: the helpdesk lives at https://<domain>.freshdesk.com and contacts are searched with a
// term (https://developers.freshdesk.com/api/#search_contacts documents the phone search);
// the agent page /a/search/contacts?term= is the same search in the browser.
import type { CrmPreset } from './preset-types.js';
import { freshdeskLookup } from './crm-lookups.js';

export const freshdesk: CrmPreset = {
  id: 'freshdesk',
  name: { en: 'Freshdesk (Freshworks)', ro: 'Freshdesk (Freshworks)' },
  docs: 'https://developers.freshdesk.com/api/#search_contacts',
  inputs: [
    {
      key: 'subdomain',
      kind: 'label',
      label: { en: 'Freshdesk subdomain', ro: 'Subdomeniul Freshdesk' },
      pattern: '^[A-Za-z0-9-]{1,63}$',
      example: 'acme',
      help: { en: 'acme in acme.freshdesk.com.', ro: 'acme din acme.freshdesk.com.' },
    },
  ],
  numberFormat: 'e164',
  rule: {
    name: 'Freshdesk: search the caller',
    open: 'https://<subdomain>.freshdesk.com/a/search/contacts?term={e164}',
    direction: 'any',
  },
  // The contact lookup through the CRM's search API (docs cited in crm-lookups.ts).
  lookup: freshdeskLookup,
};
