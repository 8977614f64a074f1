// Turns core events into the contract's renderer events (status, history, settings, locale,
// dial requests). `send` broadcasts to our windows; tests pass a recorder.
import type { EventContract, EventName, Unsubscribe } from '../../shared/ipc-contract.js';
import type { DialRequestBroker } from '../../app/dial-requests.js';
import type { ConnectorServices } from '../../app/services.js';
import { buildStatusView } from '../../app/status-view.js';
import { currentLanguage, toSettingsView, type IpcUiPorts } from './handlers.js';

export type EventSender = <K extends EventName>(name: K, payload: EventContract[K]) => void;

export function forwardEvents(
  services: ConnectorServices,
  ui: Pick<IpcUiPorts, 'translate' | 'secureStorage' | 'osLocale'>,
  dialRequests: Pick<DialRequestBroker, 'onCreated'>,
  send: EventSender,
  onError: (error: unknown) => void = () => {},
): Unsubscribe {
  const sendStatus = () => send('status', buildStatusView(services, ui.translate()));
  let lastLanguage = JSON.stringify(currentLanguage(services, ui));
  const subscriptions = [
    services.on('state', sendStatus),
    services.on('paused', sendStatus),
    services.on('call', (entry) => {
      send('history', entry);
      sendStatus(); // the counters moved
    }),
    services.on('historyUpdated', (entry) => send('history', entry)),
    services.on('config', () => {
      services
        .getSettings()
        .then(
          (snapshot) => send('settings', toSettingsView(snapshot, ui.secureStorage())),
          onError,
        );
      const language = currentLanguage(services, ui);
      const key = JSON.stringify(language);
      if (key !== lastLanguage) {
        lastLanguage = key;
        send('locale', language);
        sendStatus(); // the status line is in the new language now
      }
    }),
    dialRequests.onCreated((request) => send('dialRequest', request)),
  ];
  return () => subscriptions.forEach((unsubscribe) => unsubscribe());
}
