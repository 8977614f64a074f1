// One notification per call with the direction, the formatted number and the rule; a click
// pops the contact only for click-mode rules; nothing while paused or with notifications off.
vi.mock('electron', () => import('../fakes/electron.js'));

import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  callNotificationContent,
  setupCallNotifications,
} from '../../electron/main/notifications/call-notifications.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import { electronFake, Notification } from '../fakes/electron.js';
import { FakeConnectorServices, historyEntry } from '../fakes/fake-connector-services.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

let services: FakeConnectorServices;
let log: MemoryLogger;
let stop: () => void;

beforeEach(() => {
  electronFake.reset();
  services = new FakeConnectorServices();
  log = new MemoryLogger();
  stop = setupCallNotifications({ services, translate: () => createTranslator('en'), log });
  return () => stop();
});

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('call notifications', () => {
  it('shows one notification per call with direction, number and rule', () => {
    services.receiveCall(
      historyEntry({ id: 'c1', display: '+40 712 345 678', ruleName: 'CRM contact' }),
    );
    services.receiveCall(
      historyEntry({
        id: 'c2',
        direction: 'outbound',
        display: '+40 21 000 0000',
        ruleName: undefined,
        outcome: 'no-rule',
      }),
    );
    expect(Notification.instances).toHaveLength(2);
    expect(Notification.instances[0]?.options).toMatchObject({
      title: 'Incoming call: +40 712 345 678',
      body: 'Rule: CRM contact',
      silent: true,
    });
    expect(Notification.instances[1]?.options).toMatchObject({
      title: 'Outgoing call: +40 21 000 0000',
      body: 'No screen-pop rule applies.',
    });
    expect(Notification.instances.every((n) => n.shown)).toBe(true);
  });

  it('pops the contact again when a click-mode notification is clicked', async () => {
    services.receiveCall(historyEntry({ id: 'c7', outcome: 'click-to-pop' }));
    const [notification] = Notification.instances;
    expect(notification?.options.body).toContain('Click to open the contact.');
    notification?.emit('click');
    await flush();
    expect(services.poppedAgain).toEqual(['c7']);
  });

  it('does not pop on click when the rule already popped automatically', async () => {
    services.receiveCall(historyEntry({ id: 'c8', outcome: 'popped' }));
    Notification.instances[0]?.emit('click');
    await flush();
    expect(services.poppedAgain).toEqual([]);
  });

  it('logs a failed pop from a click instead of crashing', async () => {
    services.receiveCall(historyEntry({ id: 'c9', outcome: 'click-to-pop' }));
    services.history = []; // gone from the history before the click
    Notification.instances[0]?.emit('click');
    await flush();
    expect(log.text()).toContain('pop from notification failed');
  });

  it('shows nothing while paused, or when the agent turned notifications off', () => {
    services.paused = true;
    services.receiveCall(historyEntry({ outcome: 'paused' }));
    services.paused = false;
    services.config = { ...services.config, ui: { ...services.config.ui, notifications: false } };
    services.receiveCall(historyEntry());
    expect(Notification.instances).toHaveLength(0);
    expect(services.history).toHaveLength(2); // the history still has both calls
  });

  it('stops after unsubscribe', () => {
    stop();
    services.receiveCall(historyEntry());
    expect(Notification.instances).toHaveLength(0);
  });
});

describe('callNotificationContent', () => {
  const t = createTranslator('ro');
  it('names withheld numbers and explains suppressed pops, in Romanian too', () => {
    const content = callNotificationContent(
      historyEntry({
        number: { raw: 'anonymous', e164: undefined, national: '', digits: '', kind: 'withheld' },
        outcome: 'suppressed',
        summary: 'Duplicate of a call 5 s ago.',
      }),
      t,
    );
    expect(content.title).toBe('Apel primit: Număr ascuns');
    expect(content.body).toBe('Regulă: CRM contact\nDuplicate of a call 5 s ago.');
    expect(content.clickToPop).toBe(false);
  });

  it('does not offer a click when the rule has nothing to run again', () => {
    expect(
      callNotificationContent(historyEntry({ outcome: 'click-to-pop', canReopen: false }), t)
        .clickToPop,
    ).toBe(false);
  });
});
