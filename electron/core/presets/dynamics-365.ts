// Microsoft Dynamics 365 (model-driven apps): the relevance search page for the number.
// Docs: "Open apps, forms, views, dialogs, and reports with a URL"
// (https://learn.microsoft.com/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url)
// — every page is main.aspx with query parameters; pagetype=search&searchText= opens search.
import type { CrmPreset } from './preset-types.js';

export const dynamics365: CrmPreset = {
  id: 'dynamics-365',
  name: { en: 'Microsoft Dynamics 365', ro: 'Microsoft Dynamics 365' },
  docs: 'https://learn.microsoft.com/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url',
  inputs: [
    {
      key: 'orgHost',
      kind: 'host',
      label: { en: 'Organisation host', ro: 'Gazda organizației' },
      pattern: '^[a-z0-9-]+\\.crm[0-9]*\\.dynamics\\.com$',
      example: 'acme.crm4.dynamics.com',
      help: {
        en: 'The host of your Dynamics 365 address (crm4 is the EMEA region).',
        ro: 'Gazda adresei Dynamics 365 (crm4 este regiunea EMEA).',
      },
    },
  ],
  numberFormat: 'national',
  rule: {
    name: 'Dynamics 365: search the caller',
    open: 'https://<orgHost>/main.aspx?pagetype=search&searchText={national}',
    direction: 'any',
  },
};
