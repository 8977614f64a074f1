// The CRM presets, in the order the settings window lists them.
import { bitrix24 } from './bitrix24.js';
import { dynamics365 } from './dynamics-365.js';
import { freshdesk } from './freshdesk.js';
import { genericWebCrm } from './generic-web-crm.js';
import { hubspot } from './hubspot.js';
import { odoo } from './odoo.js';
import { pipedrive } from './pipedrive.js';
import type { CrmPreset } from './preset-types.js';
import { salesforce } from './salesforce.js';
import { suitecrm } from './suitecrm.js';
import { vtiger } from './vtiger.js';
import { zendesk } from './zendesk.js';
import { zohoCrm } from './zoho-crm.js';

export type { CrmPreset, PresetInput, PresetNumberFormat, PresetText } from './preset-types.js';
export { expandPreset, presetInputProblem, type PresetIssue } from './expand-preset.js';

export const CRM_PRESETS: readonly CrmPreset[] = [
  salesforce,
  hubspot,
  pipedrive,
  zohoCrm,
  dynamics365,
  odoo,
  vtiger,
  suitecrm,
  bitrix24,
  freshdesk,
  zendesk,
  genericWebCrm,
];

export function findPreset(id: string): CrmPreset | undefined {
  return CRM_PRESETS.find((preset) => preset.id === id);
}

export const PRESET_IDS: readonly string[] = CRM_PRESETS.map((preset) => preset.id);
