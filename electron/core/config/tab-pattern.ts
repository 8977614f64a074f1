// The admin's `browserTab.tabPatterns`: WebExtension match patterns naming the CRM tabs the
// extension may navigate besides the pop URL's own origin. Deliberately a narrow subset of the
// browser's syntax: http(s) only, a concrete host (optionally "*." + at least a two-label
// domain), a path — so no pattern can hand the extension every tab (`<all_urls>`, `*://*/*`,
// `https://*/*`). Pure, no Node import.

export const MAX_TAB_PATTERN_LENGTH = 200;

const LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const HOST = `(\\*\\.)?${LABEL}(\\.${LABEL})+|localhost|\\[[0-9a-f:.]+\\]`;
const PATTERN = new RegExp(`^https?://(?<host>${HOST})(?<port>:\\d{1,5})?/[^\\s]*$`);

/** Why the pattern is refused, or undefined when it is fine. */
export function tabPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_TAB_PATTERN_LENGTH)
    return `is longer than ${MAX_TAB_PATTERN_LENGTH} characters`;
  const match = PATTERN.exec(pattern);
  if (!match) {
    return 'must be a match pattern such as https://crm.example.com/* (http or https, a host, a path)';
  }
  const host = match.groups?.host ?? '';
  if (host.startsWith('*.') && host.split('.').length < 3) {
    return 'must not cover a whole top-level domain (use *.example.com, not *.com)';
  }
  const portText = match.groups?.port;
  const port = portText === undefined ? undefined : Number(portText.slice(1));
  if (port !== undefined && (port < 1 || port > 65535)) return 'has a port outside 1–65535';
  return undefined;
}

/** The origin(s) a pattern stands for, as the navigate message's allowedOrigins lists them. */
export function tabPatternOrigin(pattern: string): string | undefined {
  if (tabPatternProblem(pattern) !== undefined) return undefined;
  const slash = pattern.indexOf('/', pattern.indexOf('://') + 3);
  return pattern.slice(0, slash);
}
