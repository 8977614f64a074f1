// A browser named in the settings (config.screenPop.browser: "firefox", /usr/bin/chromium,
// C:\Program Files\...\chrome.exe) started directly with the URL as its one argument. The
// `open` package would start PowerShell for it on Windows; here an absolute path is spawned as
// is, a bare name is found in PATH (Linux), and macOS goes through `/usr/bin/open -a <name>`
// (LaunchServices, no shell; browsers there are .app bundles, not programs). Only a bare name
// on Windows, which PATH rarely holds, is left to the `open` package.
import type { UrlOpener } from '../ports.js';
import { findLineBreakOrNul, isAbsoluteProgramPath } from '../templates/program-template.js';
import { findProgram } from './default-browser.js';
import { SpawnProgramLauncher, type SpawnFunction } from './program-launcher.js';
import { BrowserUrlOpener, hrefToOpen } from './url-opener.js';

export interface NamedBrowserOptions {
  allowHttp: () => boolean;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  spawnFn?: SpawnFunction;
  /** For a bare name on Windows (and tests): the `open` package by default. */
  fallback?: UrlOpener;
}

export class NamedBrowserUrlOpener implements UrlOpener {
  private readonly launcher: SpawnProgramLauncher;
  private readonly fallback: UrlOpener;

  constructor(private readonly options: NamedBrowserOptions) {
    this.launcher = new SpawnProgramLauncher(options.spawnFn);
    this.fallback = options.fallback ?? new BrowserUrlOpener({ allowHttp: options.allowHttp });
  }

  async open(url: string, options?: { browser?: string }): Promise<void> {
    const href = hrefToOpen(url, this.options.allowHttp());
    const browser = options?.browser?.trim() ?? '';
    if (findLineBreakOrNul(browser))
      throw new Error('Not opened: the browser setting contains a line break.');
    const command = await this.commandFor(browser);
    if (!command) return this.fallback.open(href, options);
    try {
      await this.launcher.launch(command.program, [...command.args, href]);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`Could not open the browser "${browser}": ${why}`);
    }
  }

  private async commandFor(
    browser: string,
  ): Promise<{ program: string; args: string[] } | undefined> {
    if (browser === '') return undefined;
    if (this.options.platform === 'darwin')
      return { program: '/usr/bin/open', args: ['-a', browser] };
    if (isAbsoluteProgramPath(browser)) return { program: browser, args: [] };
    if (this.options.platform === 'win32') return undefined;
    const program = await findProgram(browser, this.options.env);
    if (!program) throw new Error(`Could not open the browser "${browser}": not found in PATH.`);
    return { program, args: [] };
  }
}
