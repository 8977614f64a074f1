// Bitrix24: the CRM contact list filtered by phone.
// Docs: Bitrix24 stores phones as communications in the international form
// (https://apidocs.bitrix24.com/api-reference/crm/duplicates/crm-duplicate-find-by-comm.html);
// the contact list page /crm/contact/list/ applies a filter given as apply_filter=Y&PHONE=….
import type { CrmPreset } from './preset-types.js';

export const bitrix24: CrmPreset = {
  id: 'bitrix24',
  name: { en: 'Bitrix24', ro: 'Bitrix24' },
  docs: 'https://apidocs.bitrix24.com/api-reference/crm/duplicates/crm-duplicate-find-by-comm.html',
  inputs: [
    {
      key: 'host',
      kind: 'host',
      label: { en: 'Bitrix24 address (host)', ro: 'Adresa Bitrix24 (gazda)' },
      pattern: '^[a-z0-9.-]+(:[0-9]{1,5})?$',
      example: 'acme.bitrix24.ro',
    },
  ],
  numberFormat: 'e164',
  rule: {
    name: 'Bitrix24: contacts with this number',
    open: 'https://<host>/crm/contact/list/?apply_filter=Y&PHONE={e164}',
    direction: 'any',
  },
};
