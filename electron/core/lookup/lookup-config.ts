// The lookup settings check, apart from the lookup itself: the settings window and every CLI
// command check the settings, while the lookup's code is loaded only once it is turned on.
import type { ConnectorConfig } from '../config/schema.js';
import { checkUrlTemplate } from '../templates/url-template.js';

/** Problems with the lookup settings, for the settings window and the CLI (empty = fine/off). */
export function lookupConfigProblems(lookup: ConnectorConfig['lookup']): string[] {
  if (lookup.url === '') return [];
  const problems = checkUrlTemplate(lookup.url, { allowHttp: false }).map(
    (p) => `lookup.url: ${p}`,
  );
  if (lookup.namePath.split('.').some((key) => key === '')) {
    problems.push('lookup.namePath: use keys separated by single dots, such as data.0.fullName.');
  }
  return problems;
}
