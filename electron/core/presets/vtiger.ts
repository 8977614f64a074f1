// vtiger CRM (7.x / 8.x, cloud or on-premise): the Contacts list filtered on the phone field.
// Docs: list views take `search_params`, a JSON list of [field, operator, value] conditions
// ("c" = contains), as in vtiger's URL reference
// https://www.vtiger.com/docs/list-view-search. Numbers are kept as typed, so "contains the
// last 9 digits" finds 0721 234 567, +40721234567 and 0040721234567 alike.
import type { CrmPreset } from './preset-types.js';

export const vtiger: CrmPreset = {
  id: 'vtiger',
  name: { en: 'vtiger CRM', ro: 'vtiger CRM' },
  docs: 'https://www.vtiger.com/docs/list-view-search',
  inputs: [
    {
      key: 'host',
      kind: 'host',
      label: { en: 'vtiger host', ro: 'Gazda vtiger' },
      pattern: '^[a-z0-9.-]+(:[0-9]{1,5})?$',
      example: 'acme.od2.vtiger.com',
    },
  ],
  numberFormat: 'lastN',
  lastDigits: 9,
  rule: {
    name: 'vtiger: contacts with this number',
    // search_params=[[["phone","c","{last9}"]]], written percent-encoded.
    open: 'https://<host>/index.php?module=Contacts&view=List&search_params=%5B%5B%5B%22phone%22%2C%22c%22%2C%22{last9}%22%5D%5D%5D',
    direction: 'any',
  },
};
