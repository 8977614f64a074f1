// A browser's command line with a slot for the URL, resolved once and reused for every pop.
// The URL always becomes exactly ONE argv element of a direct spawn: no shell ever sees it.

/** Literal text around the URL inside one argument (usually both empty). */
export interface UrlSlot {
  before: string;
  after: string;
}

export interface BrowserCommand {
  /** Absolute path of the program to start. */
  program: string;
  /** Each entry is one argv element: literal text, or the URL with the text around it. */
  args: readonly (string | UrlSlot)[];
  /** Where it came from, for the log (e.g. "firefox.desktop", "ChromeHTML"). */
  source: string;
}

export type BrowserResolution =
  { ok: true; command: BrowserCommand } | { ok: false; reason: string };

/** The argv for one URL: the slot(s) filled, everything else as resolved. */
export function browserArgv(command: BrowserCommand, url: string): string[] {
  return command.args.map((arg) =>
    typeof arg === 'string' ? arg : `${arg.before}${url}${arg.after}`,
  );
}
