// What the tray and the settings say about the browser extension: is one connected (signed in
// from an extension origin and subscribed to the tabs stream, so pops can go to it), which browser, and is the companion in use at all (something paired
// or an extension origin allowed by the admin), so the tray only shows the line when it means
// something. Pure; no Electron import.
import { browserOfOrigin, isExtensionOrigin } from '../core/config/extension-origin.js';
import type { BridgeClientInfo } from '../core/bridge/bridge-client.js';
import type { ConnectorConfig } from '../core/config/schema.js';

export interface BrowserTabStatus {
  /** The bridge is on and an extension is paired or allowed: the line is worth showing. */
  inUse: boolean;
  /** Signed-in extension clients, newest first. */
  connected: Array<{ origin: string; browserName: string }>;
  /** The bridge's port while it listens (the options page asks for it). */
  bridgePort?: number;
}

export function browserTabStatus(
  config: ConnectorConfig,
  clients: readonly BridgeClientInfo[],
): BrowserTabStatus {
  const connected = clients
    .filter((client) => client.authenticated && client.tabs && isExtensionOrigin(client.origin))
    .sort((a, b) => b.connectedAt - a.connectedAt)
    .map((client) => ({
      origin: client.origin!,
      browserName:
        client.browserName ??
        (browserOfOrigin(client.origin!) === 'firefox' ? 'Firefox' : 'Chromium'),
    }));
  const inUse =
    config.bridge.enabled &&
    (config.browserTab.pairedExtensions.length > 0 ||
      config.bridge.allowedOrigins.some((origin) => isExtensionOrigin(origin)) ||
      connected.length > 0);
  return { inUse, connected };
}
