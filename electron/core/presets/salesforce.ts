// Salesforce Lightning: the global search page for the number.
// Docs: Salesforce's "My Domain" login URLs (https://help.salesforce.com/s/articleView?id=sf.domain_name_url_formats.htm)
// give the host; the search page is the one Open CTI's searchAndScreenPop pops
// (https://developer.salesforce.com/docs/atlas.en-us.api_cti.meta/api_cti/sforce_api_cti_searchandscreenpop_lex.htm).
// /_ui/search/ui/UnifiedSearchResults?str= is the search URL Salesforce keeps redirecting into
// Lightning's global search. Phone fields keep what the user typed: Romanian users type 07…
import type { CrmPreset } from './preset-types.js';

export const salesforce: CrmPreset = {
  id: 'salesforce',
  name: { en: 'Salesforce (Lightning)', ro: 'Salesforce (Lightning)' },
  docs: 'https://help.salesforce.com/s/articleView?id=sf.domain_name_url_formats.htm',
  inputs: [
    {
      key: 'myDomain',
      kind: 'label',
      label: { en: 'My Domain name', ro: 'Numele My Domain' },
      pattern: '^[A-Za-z0-9-]{1,63}$',
      example: 'acme',
      help: {
        en: 'The first part of your Salesforce address: acme in acme.my.salesforce.com.',
        ro: 'Prima parte a adresei Salesforce: acme în acme.my.salesforce.com.',
      },
    },
  ],
  numberFormat: 'national',
  rule: {
    name: 'Salesforce: search the caller',
    open: 'https://<myDomain>.my.salesforce.com/_ui/search/ui/UnifiedSearchResults?searchType=2&str={national}',
    direction: 'any',
  },
};
