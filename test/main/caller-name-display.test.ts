// Caller names in the main process: the call's notification is replaced by one that names the
// caller (same click behaviour), only once, only while the first is still showing; the tray
// lists bridge clients and problems as disabled lines under the status, in EN and RO.
vi.mock('electron', () => import('../fakes/electron.js'));

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setupCallNotifications } from '../../electron/main/notifications/call-notifications.js';
import { buildTrayMenu, type TrayViewState } from '../../electron/main/tray/tray-menu.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import { electronFake, Notification } from '../fakes/electron.js';
import { FakeConnectorServices, historyEntry } from '../fakes/fake-connector-services.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('caller name in the notification', () => {
  let services: FakeConnectorServices;
  let stop: () => void;
  beforeEach(() => {
    electronFake.reset();
    services = new FakeConnectorServices();
    stop = setupCallNotifications({
      services,
      translate: () => createTranslator('en'),
      log: new MemoryLogger(),
    });
    return () => stop();
  });

  it('replaces the shown notification with one naming the caller, keeping click-to-pop', async () => {
    const call = historyEntry({ id: 'c1', display: '+40 712 345 678', outcome: 'click-to-pop' });
    services.receiveCall(call);
    expect(Notification.instances).toHaveLength(1);

    services.events.emit('historyUpdated', { ...call, callerName: 'Ion Popescu' });
    expect(Notification.instances).toHaveLength(2);
    const [first, second] = Notification.instances;
    expect(first?.closed).toBe(true);
    expect(second?.shown).toBe(true);
    expect(second?.options.title).toBe('Incoming call: Ion Popescu (+40 712 345 678)');
    expect(second?.options.body).toBe(first?.options.body);

    // The same name again (or a later history update) does not show a third one.
    services.events.emit('historyUpdated', { ...call, callerName: 'Ion Popescu' });
    expect(Notification.instances).toHaveLength(2);

    second?.emit('click');
    await flush();
    expect(services.poppedAgain).toEqual(['c1']);
  });

  it('shows nothing new when the agent already dismissed it, or no notification was shown', () => {
    const call = historyEntry({ id: 'c2' });
    services.receiveCall(call);
    Notification.instances[0]?.close();
    services.events.emit('historyUpdated', { ...call, callerName: 'Maria' });
    expect(Notification.instances).toHaveLength(1);

    services.paused = true;
    const quiet = historyEntry({ id: 'c3', outcome: 'paused' });
    services.receiveCall(quiet);
    services.events.emit('historyUpdated', { ...quiet, callerName: 'Maria' });
    expect(Notification.instances).toHaveLength(1);
  });

  it('ignores updates without a name (a pop-again, a failed lookup)', () => {
    const call = historyEntry({ id: 'c4' });
    services.receiveCall(call);
    services.events.emit('historyUpdated', { ...call, lookupNote: 'Caller-name lookup failed.' });
    expect(Notification.instances).toHaveLength(1);
    expect(Notification.instances[0]?.closed).toBe(false);
  });
});

describe('tray lines for the bridge and problems', () => {
  const state = (extra: Partial<TrayViewState>): TrayViewState => ({
    phase: 'connected',
    statusLine: 'Connected.',
    paused: false,
    recentCalls: [],
    canDial: true,
    ...extra,
  });
  const strings = (language: 'en' | 'ro') => ({
    t: createTranslator(language),
    formatTime: () => '09:30',
  });

  it('adds one disabled line per client and per problem right under the status', () => {
    const menu = buildTrayMenu(
      state({
        bridgeClients: [
          { id: 1, origin: 'https://crm.example.com', authenticated: true },
          { id: 2, authenticated: true },
          { id: 3, authenticated: false },
        ],
        problems: [{ source: 'bridge', message: 'port 14330 is already in use' }],
      }),
      strings('en'),
    );
    expect(menu.slice(0, 6).map((item) => [item.id, item.label, item.enabled])).toEqual([
      ['status', 'Connected.', false],
      ['problem:bridge', 'Local bridge: port 14330 is already in use', false],
      ['bridge-client:1', 'Browser CRM: https://crm.example.com', false],
      ['bridge-client:2', 'Local program', false],
      ['bridge-client:3', 'Local program (not signed in yet)', false],
      ['reconnect', 'Reconnect now', false],
    ]);
    expect(
      menu.filter((item) => item.id.startsWith('bridge-client:')).every((i) => !i.action),
    ).toBe(true);
  });

  it('speaks Romanian and adds nothing when the bridge has no clients', () => {
    const ro = buildTrayMenu(
      state({
        bridgeClients: [{ id: 7, origin: 'https://crm.example.com', authenticated: true }],
        problems: [{ source: 'lookup', message: 'x' }],
      }),
      strings('ro'),
    );
    expect(ro.map((i) => i.label)).toContain('CRM în browser: https://crm.example.com');
    expect(ro.map((i) => i.label)).toContain('Nume apelanți: x');
    const plain = buildTrayMenu(state({ bridgeClients: [], problems: [] }), strings('en'));
    expect(plain[1]?.id).toBe('reconnect');
  });
});
