// Turns the CRM's JSON answer into contact matches with the admin's paths. The answer is
// untrusted: names become one plain line (caller-name-text.ts), ids are short plain text, and a
// contact link taken from the answer is kept only when it stays on an origin the admin named.
import type { LookupConfig } from '../config/schema.js';
import { isJsonObject } from '../protocol/safe-json.js';
import type { TemplateValues } from '../templates/template-values.js';
import { MAX_URL_LENGTH, checkUrlScheme, renderUrl } from '../templates/url-template.js';
import { cleanName } from './caller-name-text.js';
import { MAX_LIST_ITEMS, parseJsonPath, readJsonPath } from './json-path.js';

export interface ContactMatch {
  id?: string;
  name?: string;
  company?: string;
  /** The contact's own page, already checked against the URL policy and the allowed origins. */
  url?: string;
}

export type MatchesResult =
  { ok: true; contacts: ContactMatch[]; refusedLinks: number } | { ok: false; error: string };

const MAX_ID_LENGTH = 200;

export interface MatchContext {
  values: TemplateValues;
  allowHttp: boolean;
}

/** The matches in a parsed answer; an error says which path found nothing, in plain words. */
export function contactMatches(
  answer: unknown,
  config: LookupConfig,
  context: MatchContext,
): MatchesResult {
  const items = listOf(answer, config.listPath);
  if (!items.ok) return items;
  const allowedOrigins = contactOrigins(config);
  let refusedLinks = 0;
  const contacts: ContactMatch[] = [];
  for (const item of items.items.slice(0, MAX_LIST_ITEMS)) {
    const match: ContactMatch = {};
    const id = plainId(first(item, config.idPath));
    if (id !== undefined) match.id = id;
    const name = joinedName(item, config.namePath);
    if (name !== undefined) match.name = name;
    const company = config.companyPath ? cleanName(first(item, config.companyPath)) : undefined;
    if (company !== undefined) match.company = company;
    const url = contactUrl(item, match.id, config, context, allowedOrigins);
    if (url.refused) refusedLinks += 1;
    if (url.url !== undefined) match.url = url.url;
    if (match.id !== undefined || match.name !== undefined || match.url !== undefined)
      contacts.push(match);
  }
  if (items.items.length > 0 && contacts.length === 0 && config.listPath !== '') {
    return {
      ok: false,
      error:
        `the answer lists ${items.items.length} match${items.items.length === 1 ? '' : 'es'}, but ` +
        `${describePaths(config)} find nothing in ${items.items.length === 1 ? 'it' : 'them'}`,
    };
  }
  return { ok: true, contacts, refusedLinks };
}

function listOf(
  answer: unknown,
  listPath: string,
): { ok: true; items: unknown[] } | { ok: false; error: string } {
  // The old caller-name lookup: the whole answer is the one match (or nothing).
  if (listPath === '') return { ok: true, items: isJsonObject(answer) ? [answer] : [] };
  const parsed = parseJsonPath(listPath);
  if (!parsed.ok) return { ok: false, error: `lookup.listPath ${parsed.error}` };
  const star = parsed.steps.findIndex((s) => s.kind === 'all');
  const containerSteps = star === -1 ? parsed.steps : parsed.steps.slice(0, star);
  const container = readJsonPath(answer, containerSteps)[0];
  if (container === undefined || (star !== -1 && !Array.isArray(container))) {
    return {
      ok: false,
      error: `lookup.listPath "${listPath}" matches nothing in the answer${keysHint(answer)}`,
    };
  }
  if (star === -1) return { ok: true, items: Array.isArray(container) ? container : [container] };
  return { ok: true, items: readJsonPath(answer, parsed.steps) };
}

function keysHint(answer: unknown): string {
  if (!isJsonObject(answer))
    return ` (the answer is ${Array.isArray(answer) ? 'a list' : typeof answer})`;
  const keys = Object.keys(answer).slice(0, 8);
  return keys.length === 0 ? ' (it is an empty object)' : ` (its keys: ${keys.join(', ')})`;
}

function first(item: unknown, path: string): unknown {
  if (path === '') return undefined;
  const parsed = parseJsonPath(path);
  return parsed.ok ? readJsonPath(item, parsed.steps)[0] : undefined;
}

/** "properties.firstname + properties.lastname" → "Ana Pop" (empty parts left out). */
function joinedName(item: unknown, namePath: string): string | undefined {
  if (namePath.trim() === '') return undefined;
  const parts = namePath
    .split('+')
    .slice(0, 3)
    .map((path) => cleanName(first(item, path.trim())))
    .filter((part): part is string => part !== undefined);
  return parts.length === 0 ? undefined : cleanName(parts.join(' '));
}

function plainId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // eslint-disable-next-line no-control-regex -- an id is one short line of printable text
  if (text === '' || text.length > MAX_ID_LENGTH || /[\u0000-\u001f\u007f-\u009f]/.test(text))
    return undefined;
  return text;
}

/** The origins a contact page may be on: the lookup URL's, lookup.contactOrigins. */
function contactOrigins(config: LookupConfig): Set<string> {
  const origins = new Set(config.contactOrigins);
  const own = templateOrigin(config.url);
  if (own) origins.add(own);
  return origins;
}

function templateOrigin(template: string): string | undefined {
  try {
    // Templates put placeholders after the origin, so the origin parses as written.
    return new URL(template.replace(/\{[^}]*\}/g, 'x')).origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether a stored contact page may be opened under the CURRENT lookup settings: the history is
 * a file on disk, so a link kept there is checked again (URL policy and origin) before it opens.
 */
export function contactPageAllowed(url: string, config: LookupConfig, allowHttp: boolean): boolean {
  const origins = contactOrigins(config);
  for (const template of [config.contactUrl, config.newContactUrl]) {
    const origin = template === '' ? undefined : templateOrigin(template);
    if (origin) origins.add(origin);
  }
  return config.url !== '' && safeAnswerUrl(url, origins, allowHttp);
}

function contactUrl(
  item: unknown,
  id: string | undefined,
  config: LookupConfig,
  context: MatchContext,
  allowedOrigins: Set<string>,
): { url?: string; refused: boolean } {
  if (config.contactUrl !== '') {
    if (id === undefined) return { refused: false };
    const rendered = renderUrl(
      config.contactUrl,
      { ...context.values, contactId: id },
      { allowHttp: context.allowHttp },
    );
    return rendered.ok ? { url: rendered.url, refused: false } : { refused: true };
  }
  if (config.contactUrlPath === '') return { refused: false };
  const value = first(item, config.contactUrlPath);
  if (typeof value !== 'string' || value === '') return { refused: false };
  return safeAnswerUrl(value, allowedOrigins, context.allowHttp)
    ? { url: value, refused: false }
    : { refused: true };
}

/**
 * A link written by the CRM server: only http(s) per the URL policy, no user:password, and
 * only to an origin the admin configured (the lookup URL's own or lookup.contactOrigins).
 */
export function safeAnswerUrl(
  value: string,
  allowedOrigins: ReadonlySet<string>,
  allowHttp: boolean,
): boolean {
  if (value.length > MAX_URL_LENGTH || value !== value.trim()) return false;
  if (checkUrlScheme(value, { allowHttp }) !== undefined) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  return allowedOrigins.has(url.origin);
}

function describePaths(config: LookupConfig): string {
  const paths = [
    ['idPath', config.idPath],
    ['namePath', config.namePath],
    ['contactUrlPath', config.contactUrlPath],
  ]
    .filter(([, path]) => path !== '')
    .map(([key, path]) => `lookup.${key} "${path}"`);
  return paths.length === 0 ? 'the empty lookup paths' : paths.join(' and ');
}
