// The one way the main process hands a URL to the OS: the core URL policy decides (https:,
// http: only when the admin allows it; file:, smb:, javascript:, … refused with a reason).
// https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
// The composition root makes it the app's pop opener (appUrlOpener in index.ts).
import { shell } from 'electron';
import {
  checkUrlScheme,
  MAX_URL_LENGTH,
  type UrlPolicy,
} from '../../core/templates/url-template.js';
import type { UrlOpener } from '../../core/ports.js';
import { errorMessage } from '../../core/error-message.js';

export type OpenExternalResult = { ok: true } | { ok: false; error: string };

/** Why this URL may not be opened, or undefined when it may. */
export function checkExternalUrl(url: string, policy: UrlPolicy): string | undefined {
  if (url.length > MAX_URL_LENGTH) return `The link is longer than ${MAX_URL_LENGTH} characters.`;
  const schemeProblem = checkUrlScheme(url, policy);
  if (schemeProblem) return schemeProblem;
  try {
    new URL(url);
  } catch {
    return 'The link is not a valid address.';
  }
  return undefined;
}

export async function openExternalSafely(
  url: string,
  policy: UrlPolicy,
  open: (url: string) => Promise<void> = (target) => shell.openExternal(target),
): Promise<OpenExternalResult> {
  const problem = checkExternalUrl(url, policy);
  if (problem) return { ok: false, error: problem };
  try {
    await open(url);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/**
 * A UrlOpener for the core that goes through the same check again (defence in depth) and uses
 * `shell.openExternal` (the default browser). When the admin names a browser, Electron cannot
 * honour it, so `namedBrowser` (the core's own opener) takes those.
 */
export function safeUrlOpener(policy: () => UrlPolicy, namedBrowser?: UrlOpener): UrlOpener {
  return {
    async open(url, options) {
      if (options?.browser && namedBrowser) {
        const problem = checkExternalUrl(url, policy());
        if (problem) throw new Error(problem);
        return namedBrowser.open(url, options);
      }
      const result = await openExternalSafely(url, policy());
      if (!result.ok) throw new Error(result.error);
    },
  };
}
