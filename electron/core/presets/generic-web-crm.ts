// Any web CRM whose search page takes the number in a query parameter:
// https://<host><path>?<parameter>=<number>. The admin picks the number format by editing the
// placeholder afterwards ({e164}, {national}, {digits}, {last9}).
// Docs: the placeholders are documented in this project's README ("URL templates").
import type { CrmPreset } from './preset-types.js';

export const genericWebCrm: CrmPreset = {
  id: 'generic',
  name: { en: 'Other web CRM', ro: 'Alt CRM web' },
  docs: 'https://url.spec.whatwg.org/#urlencoded-serializing',
  inputs: [
    {
      key: 'host',
      kind: 'host',
      label: { en: 'CRM host', ro: 'Gazda CRM-ului' },
      pattern: '^[a-z0-9.-]+(:[0-9]{1,5})?$',
      example: 'crm.acme.ro',
    },
    {
      key: 'path',
      kind: 'path',
      label: { en: 'Search page path', ro: 'Calea paginii de căutare' },
      pattern: '^(/[A-Za-z0-9._~-]+)*/?$',
      example: '/contacts/search',
    },
    {
      key: 'parameter',
      kind: 'text',
      label: { en: 'Query parameter for the number', ro: 'Parametrul pentru număr' },
      pattern: '^[A-Za-z0-9_.-]{1,40}$',
      example: 'phone',
      default: 'phone',
    },
  ],
  numberFormat: 'e164',
  rule: {
    name: 'CRM: search the caller',
    open: 'https://<host><path>?<parameter>={e164}',
    direction: 'any',
  },
};
