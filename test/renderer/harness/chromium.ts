// Debian's Chromium driven by Playwright's core API. When the binary is absent the suites skip
// with one line saying why, instead of failing on a launch error.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const chromiumMissingReason: string | undefined = existsSync(CHROMIUM_PATH)
  ? undefined
  : `renderer tests skipped: no Chromium at ${CHROMIUM_PATH} (install Debian's chromium package)`;

if (chromiumMissingReason) console.warn(chromiumMissingReason);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
