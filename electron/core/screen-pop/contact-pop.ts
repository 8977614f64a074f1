// What the contact lookup changes in a pop: one match opens the contact's own page instead of
// the rule's search page, several wait for the agent's pick (app) or keep the search page (CLI),
// none opens the admin's "new contact" page. The lookup gets at most lookup.timeoutMs, counted
// here on the injected clock whatever the lookup is busy with: at the deadline the rule's own
// page opens, so a slow or dead CRM never holds a pop longer than that.
import type { ConnectorConfig } from '../config/schema.js';
import type { LookupResult } from '../lookup/contact-lookup.js';
import { lookupShapesPop } from '../lookup/lookup-config.js';
import type { Clock } from '../ports.js';
import type { PlannedAction } from '../rules/trace.js';
import type { TemplateValues } from '../templates/template-values.js';

/** The lookup as the screen-pop sees it (the lookup plug-in provides it while attached). */
export interface ContactFinder {
  /** Several matches: the app shows a picker; the CLI opens the rule's page and logs them. */
  readonly severalMatches: 'picker' | 'search';
  find(values: TemplateValues, callId: string): Promise<LookupResult>;
}

export interface ContactPop {
  /** The actions to run, the first open action possibly replaced or held for the picker. */
  actions: PlannedAction[];
  result: LookupResult | undefined;
  /** Set when the pop's page waits for the agent to pick a contact. */
  pickContact: boolean;
  /** One line for the trace, when the lookup changed something or ran out of time. */
  note?: string;
}

export async function contactPop(
  auto: PlannedAction[],
  finder: ContactFinder | undefined,
  config: ConnectorConfig,
  values: TemplateValues,
  callId: string,
  clock: Clock,
): Promise<ContactPop> {
  const openIndex = auto.findIndex((a) => a.ok && a.kind === 'open');
  if (!finder || openIndex === -1 || !lookupShapesPop(config.lookup))
    return { actions: auto, result: undefined, pickContact: false };
  const timeoutMs = config.lookup.timeoutMs;
  const result = await withDeadline(finder.find(values, callId), timeoutMs, clock);
  if (result === undefined) {
    return {
      actions: auto,
      result: {
        kind: 'failed',
        failure: 'timeout',
        message: `no answer within ${timeoutMs} ms`,
      },
      pickContact: false,
      note: `The CRM did not answer within ${timeoutMs} ms; the rule's page opened.`,
    };
  }
  const replaceWith = (url: string): PlannedAction[] =>
    auto.map((a, i) => (i === openIndex && a.kind === 'open' && a.ok ? { ...a, url } : a));

  if (result.kind === 'found') {
    const withUrl = result.contacts.filter((c) => c.url !== undefined);
    if (result.contacts.length === 1 && withUrl[0]?.url !== undefined) {
      return {
        actions: replaceWith(withUrl[0].url),
        result,
        pickContact: false,
        note: 'One contact matched; its own page opened.',
      };
    }
    if (result.contacts.length > 1 && withUrl.length > 0 && finder.severalMatches === 'picker') {
      return {
        actions: auto.filter((_, i) => i !== openIndex),
        result,
        pickContact: true,
        note: `${result.contacts.length} contacts matched; the agent picks one.`,
      };
    }
    if (result.contacts.length > 1) {
      return {
        actions: auto,
        result,
        pickContact: false,
        note: `${result.contacts.length} contacts matched; the rule's page opened.`,
      };
    }
    return { actions: auto, result, pickContact: false };
  }
  if (result.kind === 'not-found' && result.newContactUrl !== undefined) {
    return {
      actions: replaceWith(result.newContactUrl),
      result,
      pickContact: false,
      note: 'No contact matched; the new-contact page opened.',
    };
  }
  return { actions: auto, result, pickContact: false };
}

/** The promise's value, or undefined once `ms` have passed on the clock. */
function withDeadline<T>(promise: Promise<T>, ms: number, clock: Clock): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve) => {
    const timer = clock.setTimeout(() => resolve(undefined), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      () => {
        clock.clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
