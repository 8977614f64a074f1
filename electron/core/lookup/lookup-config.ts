// The lookup settings check, the trace line for a result and whether a lookup shapes the pop,
// apart from the lookup itself: the settings window and every CLI command check the settings,
// while the lookup's code (HTTPS, JSON answers) is loaded only once it is turned on.
import type { LookupConfig } from '../config/schema.js';
import { checkUrlTemplate } from '../templates/url-template.js';
import type { LookupResult } from './contact-lookup.js';
import { parseJsonPath } from './json-path.js';

/** One line for the call's trace / history view. */
export function lookupNote(result: LookupResult): string {
  switch (result.kind) {
    case 'found': {
      const cached = result.cached ? ' (cached)' : '';
      if (result.contacts.length === 1) {
        const who = result.name ?? result.contacts[0]?.id ?? 'a contact';
        return `Caller name from the CRM: ${who}${cached}.`;
      }
      const names = result.contacts.map((c) => c.name ?? c.id ?? '?').slice(0, 5);
      return `${result.contacts.length} contacts in the CRM: ${names.join(', ')}${result.contacts.length > 5 ? ', …' : ''}${cached}.`;
    }
    case 'not-found':
      return 'The CRM does not know this number.';
    case 'failed':
      return `CRM lookup failed: ${result.message}.`;
    case 'off':
      return 'CRM lookup is off.';
  }
}

/** Whether this lookup can change what a pop opens (a contact page or a new-contact page). */
export function lookupShapesPop(lookup: LookupConfig): boolean {
  return (
    lookup.url !== '' &&
    (lookup.contactUrl !== '' || lookup.contactUrlPath !== '' || lookup.newContactUrl !== '')
  );
}

/** Problems with the lookup settings, for the settings window and the CLI (empty = fine/off). */
export function lookupConfigProblems(lookup: LookupConfig, allowHttp = false): string[] {
  if (lookup.url === '') return [];
  const problems = checkUrlTemplate(lookup.url, { allowHttp: false }).map(
    (p) => `lookup.url: ${p}`,
  );
  for (const key of ['contactUrl', 'newContactUrl'] as const) {
    if (lookup[key] === '') continue;
    for (const p of checkUrlTemplate(lookup[key], { allowHttp }))
      problems.push(`lookup.${key}: ${p}`);
  }
  if (lookup.contactUrl !== '' && lookup.idPath === '')
    problems.push('lookup.idPath: the contactUrl template needs the path to the contact id.');
  for (const key of ['listPath', 'idPath', 'companyPath', 'contactUrlPath'] as const) {
    const parsed = parseJsonPath(lookup[key]);
    if (!parsed.ok) problems.push(`lookup.${key}: the path ${parsed.error}.`);
    else if (key !== 'listPath' && parsed.fansOut)
      problems.push(`lookup.${key}: [*] belongs in lookup.listPath only.`);
  }
  for (const part of lookup.namePath.split('+')) {
    const parsed = parseJsonPath(part.trim());
    if (!parsed.ok) problems.push(`lookup.namePath: the path ${parsed.error}.`);
    else if (parsed.fansOut) problems.push('lookup.namePath: [*] belongs in lookup.listPath only.');
  }
  if (lookup.method === 'GET' && lookup.body !== undefined)
    problems.push('lookup.body: a GET request has no body; use method POST.');
  return problems;
}
