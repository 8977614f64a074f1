// Pipedrive: the search results page of the company account for the number.
// Docs: the company domain is the first part of the account address
// (https://pipedrive.readme.io/docs/how-to-get-the-company-domain); the search page takes the
// same `term` the persons search documents (https://developers.pipedrive.com/docs/api/v1/Persons#searchPersons).
// Pipedrive keeps numbers as typed; Romanian users type 07…
import type { CrmPreset } from './preset-types.js';
import { pipedriveLookup } from './crm-lookups.js';

export const pipedrive: CrmPreset = {
  id: 'pipedrive',
  name: { en: 'Pipedrive', ro: 'Pipedrive' },
  docs: 'https://pipedrive.readme.io/docs/how-to-get-the-company-domain',
  inputs: [
    {
      key: 'companyDomain',
      kind: 'label',
      label: { en: 'Company domain', ro: 'Domeniul companiei' },
      pattern: '^[A-Za-z0-9-]{1,63}$',
      example: 'acme',
      help: {
        en: 'acme in acme.pipedrive.com.',
        ro: 'acme din acme.pipedrive.com.',
      },
    },
  ],
  numberFormat: 'national',
  rule: {
    name: 'Pipedrive: search the caller',
    open: 'https://<companyDomain>.pipedrive.com/search?term={national}',
    direction: 'any',
  },
  // The contact lookup through the CRM's search API (docs cited in crm-lookups.ts).
  lookup: pipedriveLookup,
};
