// Odoo (17 and later, online or on-premise): the Contacts app.
// Docs: Odoo's web client addresses (/odoo/<app>) are described in
// https://www.odoo.com/documentation/18.0/applications/essentials/search.html — searching is
// done in the page, not through the address, so this rule opens the contact list and the
// number is found by the lookup (Odoo's JSON-RPC search) instead. Odoo formats numbers in the
// international form (+40 721 234 567), hence e164.
import type { CrmPreset } from './preset-types.js';

export const odoo: CrmPreset = {
  id: 'odoo',
  name: { en: 'Odoo', ro: 'Odoo' },
  docs: 'https://www.odoo.com/documentation/18.0/applications/essentials/search.html',
  inputs: [
    {
      key: 'host',
      kind: 'host',
      label: { en: 'Odoo host', ro: 'Gazda Odoo' },
      pattern: '^[a-z0-9.-]+(:[0-9]{1,5})?$',
      example: 'acme.odoo.com',
    },
  ],
  numberFormat: 'e164',
  rule: {
    name: 'Odoo: contacts',
    open: 'https://<host>/odoo/contacts',
    direction: 'any',
  },
};
