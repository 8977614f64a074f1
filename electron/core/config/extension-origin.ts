// What a browser extension's Origin looks like, and nothing else: the bridge lets exactly these
// (and never a web page's https:// origin) ask for a pairing, and the config accepts them in
// `bridge.allowedOrigins` (admin preset) and `browserTab.pairedExtensions`. Pure, no Node import,
// so the settings page and the extension could use it too.

/** Chromium (Chrome, Edge): 32 letters a–p. Firefox: the per-install UUID in lower case. */
export const EXTENSION_ORIGIN_PATTERN =
  /^chrome-extension:\/\/[a-p]{32}$|^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type ExtensionBrowser = 'chromium' | 'firefox';

export function isExtensionOrigin(origin: string | undefined): origin is string {
  return origin !== undefined && EXTENSION_ORIGIN_PATTERN.test(origin);
}

/** Which browser family an extension origin belongs to (for the tray line). */
export function browserOfOrigin(origin: string): ExtensionBrowser | undefined {
  if (!isExtensionOrigin(origin)) return undefined;
  return origin.startsWith('moz-extension://') ? 'firefox' : 'chromium';
}
