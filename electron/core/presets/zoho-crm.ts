// Zoho CRM: the search page of the organisation for the number.
// Docs: the data-centre hosts (crm.zoho.com, .eu, .in, .com.au, .jp, .com.cn, .ca, .sa) are
// listed in https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html; the org id is the
// "org…" part of every CRM address (Setup → Company Details).
import type { CrmPreset } from './preset-types.js';
import { zohoLookup } from './crm-lookups.js';

export const zohoCrm: CrmPreset = {
  id: 'zoho-crm',
  name: { en: 'Zoho CRM', ro: 'Zoho CRM' },
  docs: 'https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html',
  inputs: [
    {
      key: 'crmHost',
      kind: 'host',
      label: { en: 'Zoho CRM host', ro: 'Gazda Zoho CRM' },
      pattern: '^crm\\.zoho\\.(com|eu|in|com\\.au|jp|com\\.cn|ca|sa)$',
      example: 'crm.zoho.eu',
      default: 'crm.zoho.eu',
    },
    {
      key: 'orgId',
      kind: 'text',
      label: { en: 'Organisation ID', ro: 'ID-ul organizației' },
      pattern: '^[0-9]{1,20}$',
      example: '20071234567',
      help: {
        en: 'The digits after /crm/org in your Zoho CRM address.',
        ro: 'Cifrele de după /crm/org în adresa Zoho CRM.',
      },
    },
    {
      key: 'apiHost',
      kind: 'host',
      label: { en: 'Zoho API host (lookup)', ro: 'Gazda API Zoho (căutare)' },
      pattern: '^www\\.zohoapis\\.(com|eu|in|com\\.au|jp|com\\.cn|ca|sa)$',
      example: 'www.zohoapis.eu',
      default: 'www.zohoapis.eu',
      help: {
        en: 'The API host of your data centre, used only by the contact lookup.',
        ro: 'Gazda API a centrului de date, folosită doar la căutarea contactului.',
      },
    },
  ],
  numberFormat: 'national',
  rule: {
    name: 'Zoho CRM: search the caller',
    open: 'https://<crmHost>/crm/org<orgId>/search?searchword={national}',
    direction: 'any',
  },
  // The contact lookup through the CRM's search API (docs cited in crm-lookups.ts).
  lookup: zohoLookup,
};
