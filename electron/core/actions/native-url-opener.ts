// The CLI's UrlOpener: the default browser resolved once (default-browser.ts), then one direct
// spawn per pop with the URL as a single argv element — no xdg-open shell script, no
// PowerShell, no shell at all. When the browser cannot be resolved, or a launch of the resolved
// one fails, the `open` package takes over (said once in the log); a failed launch also drops
// the resolution, so the next pop resolves again (the default browser may have changed). A
// browser named in the settings goes to `named` (NamedBrowserUrlOpener: a direct start too).
import type { Logger, UrlOpener } from '../ports.js';
import { browserArgv, type BrowserResolution } from './browser-command.js';
import { SpawnProgramLauncher, type SpawnFunction } from './program-launcher.js';
import { BrowserUrlOpener, hrefToOpen } from './url-opener.js';

export interface NativeUrlOpenerOptions {
  /** Whether http: is allowed (config.screenPop.allowHttp); read on every open. */
  allowHttp: () => boolean;
  /** Finds the default browser (resolveDefaultBrowser in production). */
  resolve: () => Promise<BrowserResolution>;
  logger: Logger;
  /** For a browser named in the settings (NamedBrowserUrlOpener in production). */
  named: UrlOpener;
  /** Test seams: node's spawn, and the `open`-package opener for fallbacks. */
  spawnFn?: SpawnFunction;
  fallback?: UrlOpener;
}

export class NativeBrowserUrlOpener implements UrlOpener {
  private resolution: Promise<BrowserResolution> | undefined;
  private saidFallback = false;
  private readonly launcher: SpawnProgramLauncher;
  private readonly fallback: UrlOpener;
  private readonly log: Logger;

  constructor(private readonly options: NativeUrlOpenerOptions) {
    this.launcher = new SpawnProgramLauncher(options.spawnFn);
    this.fallback = options.fallback ?? new BrowserUrlOpener({ allowHttp: options.allowHttp });
    this.log = options.logger.child('browser');
  }

  /** Starts the resolution now, so the first pop does not wait for it. */
  prepare(): Promise<BrowserResolution> {
    this.resolution ??= this.options.resolve().then((result) => {
      if (result.ok) {
        this.log.info('default browser resolved; links open with a direct start', {
          source: result.command.source,
          program: result.command.program,
        });
      } else {
        this.fallBackOnce(`the default browser could not be resolved: ${result.reason}`);
      }
      return result;
    });
    return this.resolution;
  }

  async open(url: string, options?: { browser?: string }): Promise<void> {
    const href = hrefToOpen(url, this.options.allowHttp());
    if (options?.browser?.trim()) return this.options.named.open(href, options);
    const resolution = await this.prepare();
    if (!resolution.ok) return this.fallback.open(href);
    try {
      await this.launcher.launch(resolution.command.program, browserArgv(resolution.command, href));
    } catch (error) {
      this.resolution = undefined;
      this.fallBackOnce(
        `${resolution.command.program} did not start (${error instanceof Error ? error.message : String(error)})`,
      );
      await this.fallback.open(href);
    }
  }

  private fallBackOnce(why: string): void {
    if (this.saidFallback) return;
    this.saidFallback = true;
    this.log.warn(`${why}; opening links through the open package instead`);
  }
}
