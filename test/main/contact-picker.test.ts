// The picker's main side against the electron fake: a call whose lookup matched several
// contacts brings up the pick-contact window on top WITHOUT taking the keyboard (the agent may
// be typing elsewhere), a newer such call replaces the list in the same window, and nothing
// comes up for an ordinary call or while pops are paused. Its webPreferences are the one
// secure set every window gets.
vi.mock('electron', () => import('../fakes/electron.js'));

import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupContactPicker } from '../../electron/main/contact-picker.js';
import { WindowManager } from '../../electron/main/windows.js';
import { BrowserWindow } from '../fakes/electron.js';
import { FakeConnectorServices, historyEntry } from '../fakes/fake-connector-services.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

function setUp() {
  const services = new FakeConnectorServices();
  const windows = new WindowManager({ preloadPath: '/preload.cjs', title: () => 'Connector' });
  const stop = setupContactPicker({
    services,
    openPicker: (callId) => void windows.open('pick-contact', { callId }),
    log: new MemoryLogger(),
  });
  return { services, windows, stop };
}

const several = (id: string) =>
  historyEntry({
    id,
    outcome: 'popped',
    pickContact: true,
    contacts: [{ name: 'Ana' }, { name: 'Ion' }],
  });

describe('contact picker window (main)', () => {
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    BrowserWindow.instances.length = 0;
  });

  it('comes up on top without the focus, with the secure preferences, for several matches', () => {
    const made = setUp();
    stop = made.stop;
    made.services.receiveCall(several('call-a'));
    expect(BrowserWindow.instances).toHaveLength(1);
    const window = BrowserWindow.instances[0]!;
    expect(window.loadedUrls).toEqual(['app://connector/pick-contact/index.html?callId=call-a']);
    expect(window.options).toMatchObject({
      alwaysOnTop: true,
      show: false,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    expect(window.activations).toBe(0);

    // A second call with several matches: same window, its list, still no focus taken.
    made.services.receiveCall(several('call-b'));
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.loadedUrls.at(-1)).toBe('app://connector/pick-contact/index.html?callId=call-b');
    expect(window.activations).toBe(0);
  });

  it('stays away for an ordinary call and while pops are paused', async () => {
    const made = setUp();
    stop = made.stop;
    made.services.receiveCall(historyEntry({ outcome: 'popped', contacts: [{ name: 'One' }] }));
    expect(BrowserWindow.instances).toHaveLength(0);
    await made.services.setPaused(true);
    made.services.receiveCall(several('call-c'));
    expect(BrowserWindow.instances).toHaveLength(0);
  });
});
