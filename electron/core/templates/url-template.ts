// URL templates: caller data is attacker-controlled, so a placeholder can only ever land in
// the path, query or fragment, always percent-encoded, and the rendered URL is parsed again
// and must keep the template's scheme and origin.
import { parseTemplate, placeholdersOf, type TemplateSegment } from './template-syntax.js';
import { checkPlaceholder, resolvePlaceholder, type TemplateValues } from './template-values.js';

export interface UrlPolicy {
  /** Allow http: (the admin's config.screenPop.allowHttp); https: only otherwise. */
  allowHttp: boolean;
}

export type RenderUrlResult = { ok: true; url: string } | { ok: false; error: string };

/** Longest URL every browser on Windows accepts. */
export const MAX_URL_LENGTH = 2081;

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** Why a URL may not go to the browser, or undefined when its scheme is allowed. */
export function checkUrlScheme(url: string, policy: UrlPolicy): string | undefined {
  const scheme = SCHEME.exec(url.trim())?.[1]?.toLowerCase();
  if (scheme === 'https') return undefined;
  if (scheme === 'http') {
    return policy.allowHttp
      ? undefined
      : 'http: links are refused; use https:, or ask the admin to allow http:.';
  }
  if (scheme === undefined) return 'The link has no scheme; it must start with https://.';
  return `${scheme}: links are refused; only https:${policy.allowHttp ? ' and http:' : ''} links can be opened.`;
}

export interface UrlLayout {
  /** scheme://authority, exactly as written in the template. */
  prefix: string;
  origin: string;
  protocol: string;
}

/** Problems with a URL template (empty when it can be saved). */
export function checkUrlTemplate(template: string, policy: UrlPolicy): string[] {
  return analyse(template, policy).problems;
}

function analyse(template: string, policy: UrlPolicy): { problems: string[]; layout?: UrlLayout } {
  if (typeof template !== 'string' || template.trim() === '')
    return { problems: ['The URL template is empty.'] };
  if (template !== template.trim())
    return { problems: ['The URL template starts or ends with spaces.'] };
  const parsed = parseTemplate(template);
  const problems = [...parsed.problems];
  for (const p of placeholdersOf(parsed)) {
    const problem = checkPlaceholder(p.name, p.format);
    if (problem) problems.push(problem);
  }
  const literalLength = parsed.segments.reduce(
    (n, s) => n + (s.kind === 'text' ? s.text.length : 0),
    0,
  );
  if (literalLength > MAX_URL_LENGTH) {
    problems.push(
      `The URL template is longer than ${MAX_URL_LENGTH} characters even without its values.`,
    );
  }
  const schemeProblem = checkUrlScheme(template, policy);
  if (schemeProblem) {
    problems.push(`${schemeProblem} (template "${shorten(template)}")`);
    return { problems };
  }
  const m = /^https?:\/\/[^/?#\\]*/i.exec(template);
  if (!m) {
    problems.push('The URL template must start with https:// and a host name.');
    return { problems };
  }
  const prefix = m[0];
  const firstPlaceholder = placeholdersOf(parsed)[0];
  if (firstPlaceholder && firstPlaceholder.start < prefix.length) {
    problems.push(
      `${firstPlaceholder.source} is in the scheme, user, host or port; placeholders may only appear in the path, query or fragment.`,
    );
    return { problems };
  }
  let base: URL;
  try {
    base = new URL(prefix);
  } catch {
    problems.push(`"${prefix}" is not a valid address (scheme and host).`);
    return { problems };
  }
  if (base.hostname === '') problems.push('The URL template has no host name.');
  if (base.username !== '' || base.password !== '') {
    problems.push(
      'The URL template contains a user name or password; put credentials in the CRM, not in the link.',
    );
  }
  if (problems.length > 0) return { problems };
  return { problems, layout: { prefix, origin: base.origin, protocol: base.protocol } };
}

/**
 * A URL template checked and parsed once (per configuration), ready to render many calls:
 * everything that depends only on the template and the policy is done here.
 */
export type CompiledUrlTemplate =
  | { ok: false; template: string; allowHttp: boolean; error: string }
  | {
      ok: true;
      template: string;
      allowHttp: boolean;
      layout: UrlLayout;
      segments: readonly TemplateSegment[];
    };

export function compileUrlTemplate(template: string, policy: UrlPolicy): CompiledUrlTemplate {
  const { problems, layout } = analyse(template, policy);
  const allowHttp = policy.allowHttp;
  if (!layout) return { ok: false, template, allowHttp, error: problems.join(' ') };
  return { ok: true, template, allowHttp, layout, segments: parseTemplate(template).segments };
}

/**
 * Renders a URL template for one call. A placeholder can only sit in the path, the query or
 * the fragment (checkUrlTemplate), and each value is encoded as a URI component: everything
 * except A–Z a–z 0–9 - _ . ~ becomes %XX (+ → %2B, space → %20, & = # ? / too). That is the
 * strictest encoding of the three positions, so it is right in each of them: a value can never
 * end a path segment, start a query parameter or a fragment. Dot-only path segments are
 * refused because the URL parser would collapse them.
 */
export function renderUrl(
  template: string,
  values: TemplateValues,
  policy: UrlPolicy,
): RenderUrlResult {
  return renderCompiledUrl(compileUrlTemplate(template, policy), values);
}

/** renderUrl with the template already compiled (the policy is the one it was compiled with). */
export function renderCompiledUrl(
  compiled: CompiledUrlTemplate,
  values: TemplateValues,
): RenderUrlResult {
  if (!compiled.ok) return { ok: false, error: compiled.error };
  const { layout } = compiled;
  const policy: UrlPolicy = { allowHttp: compiled.allowHttp };
  let out = '';
  for (const segment of compiled.segments) {
    if (segment.kind === 'text') {
      out += segment.text;
      continue;
    }
    const value = resolvePlaceholder(values, segment.name, segment.format);
    if (!value.ok) return { ok: false, error: value.error };
    out += encodeComponent(value.value);
  }

  let url: URL;
  try {
    url = new URL(out);
  } catch {
    return { ok: false, error: `The rendered link is not a valid URL: "${shorten(out)}".` };
  }
  if (url.protocol !== layout.protocol || url.origin !== layout.origin) {
    return { ok: false, error: `The rendered link leaves ${layout.origin}; refused.` };
  }
  if (hasDotSegment(rawPath(out, layout.prefix.length))) {
    return {
      ok: false,
      error: 'A value would become a "." or ".." path segment and change the path; refused.',
    };
  }
  const schemeProblem = checkUrlScheme(url.href, policy);
  if (schemeProblem) return { ok: false, error: schemeProblem };
  if (url.href.length > MAX_URL_LENGTH) {
    return {
      ok: false,
      error: `The rendered link is ${url.href.length} characters long; the limit is ${MAX_URL_LENGTH}.`,
    };
  }
  return { ok: true, url: url.href };
}

function encodeComponent(value: string): string {
  // encodeURIComponent throws on lone surrogates; replace them so rendering never crashes.
  const wellFormed = value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  return encodeURIComponent(wellFormed).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function rawPath(rendered: string, prefixLength: number): string {
  const rest = rendered.slice(prefixLength);
  const end = rest.search(/[?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** "." and ".." segments (also written %2e) are removed by the URL parser: the path would change. */
function hasDotSegment(path: string): boolean {
  return path.split(/[/\\]/).some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
