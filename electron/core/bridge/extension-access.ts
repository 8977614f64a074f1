// The bridge's side of extension pairing, as the hooks BridgeServer takes: which extension origins
// may connect, the connector.pair answer, the paired-token check, and who must go when a pairing
// is removed. Kept apart from attach-bridge.ts so the bridge wiring stays one screen.
import { isExtensionOrigin } from '../config/extension-origin.js';
import type { BridgeClient } from './bridge-client.js';
import type { BridgeServerOptions } from './bridge-server.js';
import type { ExtensionPairing } from './extension-pairing.js';

export function extensionHooks(
  pairing: ExtensionPairing,
): NonNullable<BridgeServerOptions['extensions']> {
  return {
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
