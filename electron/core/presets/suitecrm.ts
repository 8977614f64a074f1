// SuiteCRM 7: the global (unified) search for the number.
// Docs: https://docs.suitecrm.com/user/introduction/user-interface/search/ — the search form
// posts module=Home&action=UnifiedSearch&query_string=…, which also works as a link.
import type { CrmPreset } from './preset-types.js';

export const suitecrm: CrmPreset = {
  id: 'suitecrm',
  name: { en: 'SuiteCRM', ro: 'SuiteCRM' },
  docs: 'https://docs.suitecrm.com/user/introduction/user-interface/search/',
  inputs: [
    {
      key: 'host',
      kind: 'host',
      label: { en: 'SuiteCRM host', ro: 'Gazda SuiteCRM' },
      pattern: '^[a-z0-9.-]+(:[0-9]{1,5})?$',
      example: 'crm.acme.ro',
    },
    {
      key: 'path',
      kind: 'path',
      label: { en: 'Folder of SuiteCRM on the server', ro: 'Dosarul SuiteCRM pe server' },
      pattern: '^(/[A-Za-z0-9._~-]+)*$',
      example: '/suitecrm',
      default: '',
    },
  ],
  numberFormat: 'national',
  rule: {
    name: 'SuiteCRM: search the caller',
    open: 'https://<host><path>/index.php?module=Home&action=UnifiedSearch&query_string={national}',
    direction: 'any',
  },
};
