// Keeps the tray in step with the core: any state, pause, call or settings change recomputes
// the view state (recent calls come from the history) and the controller redraws if needed.
import type { Logger } from '../../core/ports.js';
import type { Translate } from '../../shared/i18n/index.js';
import type { ConnectorServices } from '../../app/services.js';
import { localizedStatusLine } from '../../app/status-view.js';
import { TrayController } from './tray-controller.js';
import { isExtensionOrigin } from '../../core/config/extension-origin.js';
import { RECENT_CALLS_IN_TRAY, type TrayAction, type TrayViewState } from './tray-menu.js';

export interface SetupTrayOptions {
  services: ConnectorServices;
  translate: () => Translate;
  /** BCP 47 language for times in the menu. */
  locale: () => string;
  iconPath: (file: string) => string;
  /** REST is configured and a password is stored. */
  canDial: () => boolean;
  onAction: (action: TrayAction) => void;
  log: Logger;
}

export async function trayViewState(
  services: ConnectorServices,
  translate: Translate,
  canDial: boolean,
): Promise<TrayViewState> {
  const { entries } = await services.listHistory({ limit: RECENT_CALLS_IN_TRAY });
  const integrations = services.getIntegrations();
  return {
    phase: services.getConnectionState().phase,
    statusLine: localizedStatusLine(services.getConnectionState(), translate),
    paused: services.isPaused(),
    canDial,
    recentCalls: entries.map((entry) => ({
      id: entry.id,
      display: entry.number.kind === 'withheld' ? translate('number.withheld') : entry.display,
      time: entry.time,
      direction: entry.direction,
      canReopen: entry.canReopen,
      canCallBack: entry.canCallBack,
    })),
    // Extensions get their own "Browser tab" line instead of one line per socket.
    bridgeClients: integrations.bridgeClients
      .filter((client) => !isExtensionOrigin(client.origin))
      .map((client) => ({
        id: client.id,
        ...(client.origin === undefined ? {} : { origin: client.origin }),
        authenticated: client.authenticated,
      })),
    problems: integrations.problems,
    ...(integrations.browserTab?.inUse
      ? { browserTab: { connectedBrowser: integrations.browserTab.connected[0]?.browserName } }
      : {}),
  };
}

export function setupTray(options: SetupTrayOptions): { refresh: () => void; dispose: () => void } {
  const controller = new TrayController({ iconPath: options.iconPath, onAction: options.onAction });
  let generation = 0;
  const refresh = () => {
    // Only the newest refresh may render: history reads can finish out of order.
    const mine = ++generation;
    const t = options.translate();
    trayViewState(options.services, t, options.canDial()).then(
      (state) => {
        if (mine !== generation) return;
        const timeFormat = new Intl.DateTimeFormat(options.locale(), {
          hour: '2-digit',
          minute: '2-digit',
        });
        controller.update(state, { t, formatTime: (ms) => timeFormat.format(ms) });
      },
      (error: unknown) => options.log.error('could not update the tray', { error: String(error) }),
    );
  };
  const subscriptions = [
    options.services.on('state', refresh),
    options.services.on('paused', refresh),
    options.services.on('call', refresh),
    options.services.on('historyUpdated', refresh),
    options.services.on('config', refresh),
    options.services.on('integrations', refresh),
  ];
  refresh();
  return {
    refresh,
    dispose: () => {
      subscriptions.forEach((unsubscribe) => unsubscribe());
      controller.destroy();
    },
  };
}
