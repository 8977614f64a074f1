// Core events reach the pages as the contract's events: status (translated), history entries,
// settings without secrets, language changes and dial requests.
import { beforeEach, describe, expect, it } from 'vitest';
import { DialRequestBroker } from '../../electron/app/dial-requests.js';
import { forwardEvents } from '../../electron/main/ipc/event-forwarder.js';
import { createTranslator, resolveLanguage } from '../../electron/shared/i18n/index.js';
import type { EventName } from '../../electron/shared/ipc-contract.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { FakeConnectorServices, historyEntry } from '../fakes/fake-connector-services.js';

let services: FakeConnectorServices;
let sent: Array<{ name: EventName; payload: unknown }>;
let broker: DialRequestBroker;
let stop: () => void;

beforeEach(() => {
  services = new FakeConnectorServices();
  sent = [];
  broker = new DialRequestBroker({ services, clock: new FakeClock(), newId: () => 'req-1' });
  const ui = {
    translate: () => createTranslator(resolveLanguage(services.config.ui.language, 'en-US')),
    osLocale: () => 'en-US',
    secureStorage: () => ({ available: true }),
  };
  stop = forwardEvents(services, ui, broker, (name, payload) => sent.push({ name, payload }));
  return () => stop();
});

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('forwardEvents', () => {
  it('sends a translated status on every state or pause change', async () => {
    services.setState({ phase: 'ip-mismatch', statusLine: 'x', attempt: 3 });
    await services.setPaused(true);
    expect(sent.map((e) => e.name)).toEqual(['status', 'status']);
    expect(sent[0]?.payload).toMatchObject({ phase: 'ip-mismatch', attention: true, attempt: 3 });
    expect(sent[1]?.payload).toMatchObject({ paused: true });
  });

  it('sends each new call to the history pages, with updated counters', () => {
    services.receiveCall(historyEntry({ id: 'c5' }));
    expect(sent.map((e) => e.name)).toEqual(['history', 'status']);
    expect(sent[1]?.payload).toMatchObject({ counts: { calls: 1 } });
  });

  it('sends settings and, when it changed, the language (and a status in that language)', async () => {
    await services.saveSettings({ ui: { language: 'ro' } });
    await flush();
    const names = sent.map((e) => e.name);
    expect(names).toContain('settings');
    expect(sent.find((e) => e.name === 'locale')?.payload).toEqual({
      language: 'ro',
      setting: 'ro',
    });
    expect(sent.find((e) => e.name === 'status')?.payload).toMatchObject({
      statusLine: 'Conectat: apelurile vor deschide fișa din CRM.',
    });
    sent.length = 0;
    await services.saveSettings({ ui: { notifications: false } });
    await flush();
    expect(sent.map((e) => e.name)).toEqual(['settings']);
  });

  it('announces dial requests waiting for confirmation', () => {
    broker.open('tel-link', '0712345678');
    expect(sent).toEqual([
      {
        name: 'dialRequest',
        payload: expect.objectContaining({ requestId: 'req-1', dialAs: '0712345678' }),
      },
    ]);
  });

  it('stops after unsubscribe', () => {
    stop();
    services.setState({ phase: 'stopped', statusLine: '', attempt: 0 });
    broker.open('tel-link', '0712345678');
    expect(sent).toEqual([]);
  });
});
