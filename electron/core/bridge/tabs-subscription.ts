// Who may subscribe to the bridge's `tabs` stream, i.e. be handed screen-pop URLs to navigate
// the agent's CRM tab: an authenticated client whose Origin is a browser extension's. A web page
// or a local program cannot, even with the right token: the extension re-checks every URL's
// origin and never touches other tabs, which is what makes handing it URLs safe.
import { isExtensionOrigin, TABS_STREAM } from '../../shared/extension-protocol.js';
import type { Logger } from '../ports.js';
import type { BridgeClient } from './bridge-client.js';
import type { TabNavigatorHub } from './tab-navigator-hub.js';

/** Subscribes the client when allowed and answers it; returns whether it is now a tab client. */
export function acceptTabsSubscription(
  client: BridgeClient,
  message: Record<string, unknown>,
  log: Logger,
  hub: TabNavigatorHub | undefined,
): boolean {
  const refuse = (reason: string): false => {
    log.warn(`bridge refused a tabs subscription from ${client.name}: ${reason}`);
    client.send(
      JSON.stringify({ type: 'connector.subscribeRefused', stream: TABS_STREAM, reason }),
    );
    return false;
  };
  if (!client.authenticated) return refuse('not authenticated');
  if (!isExtensionOrigin(client.origin)) return refuse('only a browser extension may drive tabs');
  if (!hub) return refuse('this bridge does not drive tabs');
  client.tabs = true;
  client.extension = extensionInfo(message.extension);
  hub.add(client);
  const what = client.extension
    ? `${client.extension.browser} extension ${client.extension.version}`
    : 'extension';
  log.info(`bridge client ${client.name} (${what}) now navigates the CRM tab`);
  client.send(JSON.stringify({ type: 'connector.subscribed', stream: TABS_STREAM }));
  return true;
}

function extensionInfo(value: unknown): { browser: string; version: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { browser, version } = value as Record<string, unknown>;
  if (browser !== 'chromium' && browser !== 'firefox') return undefined;
  if (typeof version !== 'string' || !/^\d{1,9}(\.\d{1,9}){0,3}$/.test(version)) return undefined;
  return { browser, version };
}
