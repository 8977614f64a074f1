// Zendesk Support: the agent search for users with this phone number.
// Docs: https://developer.zendesk.com/documentation/voice/talk-partner-edition/retrieving-the-zendesk-user-id-of-a-caller/
// — search "phone:<digits>" with no + and no separators; the agent interface's search page
// (/agent/search/1?type=user&q=) takes the same query.
import type { CrmPreset } from './preset-types.js';
import { zendeskLookup } from './crm-lookups.js';

export const zendesk: CrmPreset = {
  id: 'zendesk',
  name: { en: 'Zendesk', ro: 'Zendesk' },
  docs: 'https://developer.zendesk.com/documentation/voice/talk-partner-edition/retrieving-the-zendesk-user-id-of-a-caller/',
  inputs: [
    {
      key: 'subdomain',
      kind: 'label',
      label: { en: 'Zendesk subdomain', ro: 'Subdomeniul Zendesk' },
      pattern: '^[A-Za-z0-9-]{1,63}$',
      example: 'acme',
      help: { en: 'acme in acme.zendesk.com.', ro: 'acme din acme.zendesk.com.' },
    },
  ],
  numberFormat: 'digits',
  rule: {
    name: 'Zendesk: find the caller',
    open: 'https://<subdomain>.zendesk.com/agent/search/1?type=user&q=phone%3A{e164|noplus}',
    direction: 'any',
  },
  // The contact lookup through the CRM's search API (docs cited in crm-lookups.ts).
  lookup: zendeskLookup,
};
