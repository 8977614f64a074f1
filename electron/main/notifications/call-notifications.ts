// One notification per call: direction, formatted number, the rule that applies. Clicking it
// pops the contact when the rule is in `click` mode. Nothing while paused (the history still
// has the call) and nothing when the agent turned notifications off.
// When the caller's name arrives from the CRM lookup (after the pop, never before), the call's
// notification is replaced by one that names the caller: Electron cannot change a shown
// notification, and a second toast for the same call would be noise. If the agent already
// clicked or dismissed it, nothing new appears; the history shows the name.
import { Notification } from 'electron';
import type { Logger } from '../../core/ports.js';
import type { HistoryEntryView } from '../../shared/ipc-contract.js';
import type { Translate } from '../../shared/i18n/index.js';
import type { ConnectorServices } from '../../app/services.js';

export interface CallNotificationContent {
  title: string;
  body: string;
  /** Clicking pops the contact (the rule is in click mode and has something to run). */
  clickToPop: boolean;
}

export function callNotificationContent(
  entry: HistoryEntryView,
  t: Translate,
): CallNotificationContent {
  const number = entry.number.kind === 'withheld' ? t('number.withheld') : entry.display;
  const inbound = entry.direction === 'inbound';
  const contacts = entry.contacts?.length ?? 0;
  const title =
    contacts > 1
      ? t('notification.contactsTitle', { count: contacts, number })
      : entry.callerName === undefined
        ? t(inbound ? 'notification.inboundTitle' : 'notification.outboundTitle', { number })
        : t(inbound ? 'notification.inboundTitleNamed' : 'notification.outboundTitleNamed', {
            name: entry.callerName,
            number,
          });
  const clickToPop = entry.outcome === 'click-to-pop' && entry.canReopen;
  const lines = [
    entry.ruleName ? t('notification.rule', { rule: entry.ruleName }) : t('notification.noRule'),
  ];
  if (entry.pickContact === true) lines.push(t('notification.pickContact'));
  else if (clickToPop) lines.push(t('notification.clickToOpen'));
  else if (entry.outcome !== 'popped' && entry.outcome !== 'no-rule') lines.push(entry.summary);
  return { title, body: lines.join('\n'), clickToPop };
}

export interface CallNotifierOptions {
  services: Pick<ConnectorServices, 'on' | 'isPaused' | 'getConfig' | 'popAgain'>;
  translate: () => Translate;
  log: Logger;
  /** Icon shown in the notification (absolute path), if any. */
  iconPath?: string;
}

/** Subscribes to calls; returns the unsubscribe function. */
export function setupCallNotifications(options: CallNotifierOptions): () => void {
  const { services, log } = options;
  // Keep shown notifications referenced (a garbage-collected Notification loses its click), by
  // call id so a caller name can replace the right one. Clicked or closed ones are forgotten.
  const shown = new Map<string, { notification: Notification; named: boolean }>();

  const show = (entry: HistoryEntryView): void => {
    const content = callNotificationContent(entry, options.translate());
    const notification = new Notification({
      title: content.title,
      body: content.body,
      silent: true, // the phone already rings
      ...(options.iconPath ? { icon: options.iconPath } : {}),
    });
    shown.set(entry.id, { notification, named: entry.callerName !== undefined });
    const forget = () => {
      if (shown.get(entry.id)?.notification === notification) shown.delete(entry.id);
    };
    notification.on('close', forget);
    notification.on('click', () => {
      forget();
      if (!content.clickToPop) return;
      services.popAgain(entry.id).then(
        (result) => {
          if (!result.ok)
            log.warn('pop from notification failed', { callId: entry.id, error: result.error });
        },
        (error: unknown) =>
          log.error('pop from notification failed', { callId: entry.id, error: String(error) }),
      );
    });
    // Shown as a toast / banner only: no window of ours is shown or focused for a call, so an
    // agent typing elsewhere keeps the keyboard (pinned by test/main/native-manners.test.ts).
    notification.show();
  };

  const offCall = services.on('call', (entry) => {
    if (services.isPaused() || entry.outcome === 'paused') return;
    if (!services.getConfig().ui.notifications) return;
    if (!Notification.isSupported()) return;
    show(entry);
  });
  const offUpdate = services.on('historyUpdated', (entry) => {
    const current = shown.get(entry.id);
    if (!current || current.named || entry.callerName === undefined) return;
    shown.delete(entry.id);
    current.notification.close();
    show(entry);
  });
  return () => {
    offCall();
    offUpdate();
    shown.clear();
  };
}
