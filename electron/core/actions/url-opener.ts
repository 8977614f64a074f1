// Production UrlOpener: the default browser, or the one the admin named (config.screenPop.browser,
// a name like "firefox" or an absolute path), through the `open` package. It checks the scheme
// itself once more, so no code path can hand the OS a file:, smb: or javascript: link.
// `open` (and the dozen small packages it pulls in) is imported on the first open that needs
// it: the CLI starts the resolved default browser itself and uses this only as its fallback.
import type { Options as OpenOptions } from 'open';
import type { UrlOpener } from '../ports.js';
import { findLineBreakOrNul } from '../templates/program-template.js';
import { checkUrlScheme } from '../templates/url-template.js';
import { errorMessage } from '../error-message.js';

export type OpenFunction = (target: string, options?: OpenOptions) => Promise<unknown>;

export interface BrowserUrlOpenerOptions {
  /** Whether http: is allowed (config.screenPop.allowHttp); read on every open. */
  allowHttp?: () => boolean;
  /** The `open` package by default; tests pass a recorder. */
  openFn?: OpenFunction;
}

/**
 * The URL policy every opener applies once more before a link reaches the OS: the scheme
 * (https:, http: only when allowed) and a parseable URL. Returns the normalised href, or throws
 * "Not opened: …" with the reason.
 */
export function hrefToOpen(url: string, allowHttp: boolean): string {
  const refused = checkUrlScheme(url, { allowHttp });
  if (refused) throw new Error(`Not opened: ${refused}`);
  try {
    return new URL(url).href;
  } catch {
    throw new Error('Not opened: the link is not a valid URL.');
  }
}

/** The `open` package, loaded when first called. */
const openPackage: OpenFunction = async (target, options) =>
  (await import('open')).default(target, options);

export class BrowserUrlOpener implements UrlOpener {
  private readonly allowHttp: () => boolean;
  private readonly openFn: OpenFunction;

  constructor(options: BrowserUrlOpenerOptions = {}) {
    this.allowHttp = options.allowHttp ?? (() => false);
    this.openFn = options.openFn ?? openPackage;
  }

  async open(url: string, options?: { browser?: string }): Promise<void> {
    const href = hrefToOpen(url, this.allowHttp());
    const browser = options?.browser?.trim();
    if (browser && findLineBreakOrNul(browser))
      throw new Error('Not opened: the browser setting contains a line break.');
    try {
      await this.openFn(href, browser ? { app: { name: browser } } : {});
    } catch (error) {
      const why = errorMessage(error);
      throw new Error(`Could not open the browser${browser ? ` "${browser}"` : ''}: ${why}`);
    }
  }
}
