// HubSpot: the contacts index page filtered by the number.
// Docs: object type 0-1 is "contacts" in HubSpot's CRM object model
// (https://developers.hubspot.com/docs/guides/crm/understanding-the-crm), and the app host is
// app.hubspot.com or the data-centre host of EU accounts (app-eu1.hubspot.com), see
// https://knowledge.hubspot.com/account-security/hubspot-cloud-infrastructure-and-data-hosting-frequently-asked-questions.
// HubSpot formats a phone number with a known country as +40 721 234 567, so E.164 is searched.
import type { CrmPreset } from './preset-types.js';
import { hubspotLookup } from './crm-lookups.js';

export const hubspot: CrmPreset = {
  id: 'hubspot',
  name: { en: 'HubSpot', ro: 'HubSpot' },
  docs: 'https://developers.hubspot.com/docs/guides/crm/understanding-the-crm',
  inputs: [
    {
      key: 'portalId',
      kind: 'text',
      label: { en: 'Account (portal) ID', ro: 'ID-ul contului (portal)' },
      pattern: '^[0-9]{1,15}$',
      example: '12345678',
      help: {
        en: 'The number after /contacts/ in your HubSpot address, also under Account & Billing.',
        ro: 'Numărul de după /contacts/ în adresa HubSpot, apare și la Account & Billing.',
      },
    },
    {
      key: 'appHost',
      kind: 'host',
      label: { en: 'HubSpot app host', ro: 'Gazda aplicației HubSpot' },
      pattern: '^app(-[a-z]{2,3}[0-9])?\\.hubspot\\.com$',
      example: 'app.hubspot.com',
      default: 'app.hubspot.com',
      help: {
        en: 'app-eu1.hubspot.com for accounts hosted in the EU.',
        ro: 'app-eu1.hubspot.com pentru conturile găzduite în UE.',
      },
    },
  ],
  numberFormat: 'e164',
  rule: {
    name: 'HubSpot: find the contact',
    open: 'https://<appHost>/contacts/<portalId>/objects/0-1/views/all/list?query={e164}',
    direction: 'any',
  },
  // The contact lookup through the CRM's search API (docs cited in crm-lookups.ts).
  lookup: hubspotLookup,
};
