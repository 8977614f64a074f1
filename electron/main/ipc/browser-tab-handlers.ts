// The Browser tab section's IPC handlers: pairing code, unpairing, and the view of paired and
// connected extensions. The code goes to the settings page only; tokens never leave the core.
import type { ConnectorServices } from '../../app/services.js';
import type { BrowserTabView } from '../../shared/ipc-contract.js';
import type { InvokeHandlers } from './invoke-guard.js';

type BrowserTabHandlers = Pick<
  InvokeHandlers,
  'getBrowserTab' | 'startBrowserPairing' | 'cancelBrowserPairing' | 'unpairBrowser'
>;

export function browserTabView(
  services: ConnectorServices,
  lockedKeys: readonly string[],
): BrowserTabView {
  const config = services.getConfig();
  const status = services.getIntegrations().browserTab ?? { inUse: false, connected: [] };
  const connectedOrigins = new Set(status.connected.map((c) => c.origin));
  const view: BrowserTabView = {
    bridgeEnabled: config.bridge.enabled,
    pairingLocked: lockedKeys.some((key) =>
      ['browserTab', 'browserTab.pairedExtensions'].includes(key),
    ),
    paired: config.browserTab.pairedExtensions.map((entry) => ({
      origin: entry.origin,
      browser: entry.browser,
      pairedAt: entry.pairedAt,
      connected: connectedOrigins.has(entry.origin),
    })),
    connected: status.connected,
  };
  if (status.bridgePort !== undefined) view.bridgePort = status.bridgePort;
  return view;
}

export function createBrowserTabHandlers(services: ConnectorServices): BrowserTabHandlers {
  const view = async (): Promise<BrowserTabView> =>
    browserTabView(services, (await services.getSettings()).lockedKeys);
  return {
    getBrowserTab: async () => ({ ok: true, browserTab: await view() }),
    startBrowserPairing: async () => {
      const result = services.startBrowserPairing();
      return result.ok
        ? { ok: true, code: result.code, expiresAt: result.expiresAt, port: result.port }
        : result;
    },
    cancelBrowserPairing: async () => {
      services.cancelBrowserPairing();
      return { ok: true };
    },
    unpairBrowser: async ({ origin }) => {
      const result = await services.unpairBrowser(origin);
      return result.ok ? { ok: true, browserTab: await view() } : result;
    },
  };
}
