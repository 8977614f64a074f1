// The bridge's side of extension pairing, as the hooks BridgeServer takes: which extension origins
// may connect, the connector.pair answer, the paired-token check, and who must go when a pairing
// is removed. Kept apart from attach-bridge.ts so the bridge wiring stays one screen.
import { isExtensionOrigin } from '../config/extension-origin.js';
import type { BridgeClient } from './bridge-client.js';
import type { BridgeServerOptions } from './bridge-server.js';
import type { ExtensionPairing } from './extension-pairing.js';
import type { ConnectorConfig } from '../config/schema.js';
import type { OpenInTab } from '../screen-pop/open-url.js';

export function extensionHooks(
  pairing: ExtensionPairing,
  tabTest?: () => Promise<Record<string, unknown>>,
): NonNullable<BridgeServerOptions['extensions']> {
  return {
    ...(tabTest ? { tabTest } : {}),
    admits: (origin) => {
      if (!isExtensionOrigin(origin)) return undefined; // A web page is never admitted by pairing.
      if (pairing.isPaired(origin)) return 'paired';
      return pairing.admitsForPairing(origin) ? 'pair-only' : undefined;
    },
    pair: async (client, message) => {
      const result = await pairing.pair(client.origin, message.code);
      return result.ok
        ? { type: 'connector.paired', token: result.token }
        : { type: 'connector.pairFailed', reason: result.reason, message: result.message };
    },
  };
}

/**
 * An extension client that may no longer be connected: not allowed by the admin's list and no
 * longer paired (unpaired in the settings). Pair-only sockets are left to their own timeout.
 */
export function lostItsPairing(
  client: BridgeClient,
  pairing: ExtensionPairing,
  allowedOrigins: readonly string[],
): boolean {
  const origin = client.origin;
  if (!isExtensionOrigin(origin) || client.pairOnly) return false;
  return !allowedOrigins.includes(origin) && !pairing.isPaired(origin);
}

/**
 * The popup's Test button. Harmless by design: no caller data and no rule template is rendered —
 * the extension is asked to open the CRM's home page (the origin of the first rule that opens a
 * web page) in the CRM tab, through the same navigate path a pop takes. Nothing to test yet
 * (no such rule) is an answer too.
 */
export async function tabTestAnswer(
  config: ConnectorConfig,
  openInTab: OpenInTab,
  popId: string,
): Promise<Record<string, unknown>> {
  const answer = (ok: boolean, message: string, url?: string) => ({
    type: 'connector.tabTestResult',
    ok,
    message,
    ...(url === undefined ? {} : { url }),
  });
  const rule = config.rules.find((r) => r.open !== undefined && r.pop !== 'off');
  if (!rule?.open) return answer(false, 'No screen-pop rule opens a web page yet.');
  let origin: string;
  try {
    origin = new URL(rule.open).origin;
  } catch {
    return answer(false, `The rule "${rule.name}" has no fixed web address to test.`);
  }
  const scheme = origin.split(':')[0];
  if (scheme !== 'https' && !(scheme === 'http' && config.screenPop.allowHttp)) {
    return answer(false, `The rule "${rule.name}" does not open an https:// page.`);
  }
  const url = `${origin}/`;
  const result = await openInTab({ popId, url, allowedOrigins: [origin] });
  return result.ok
    ? answer(true, `Opened ${url} in tab ${result.tabId}${result.reused ? ' (reused)' : ''}.`, url)
    : answer(false, `The extension did not open ${url}: ${result.detail}.`, url);
}
