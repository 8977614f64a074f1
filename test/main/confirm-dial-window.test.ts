// The tel: confirmation window against the electron fake: it comes up on top but never takes
// the focus from what the agent is typing in, and a second request never reloads it (the page
// queues requests itself; a reload would swap the number under the agent's cursor).
vi.mock('electron', () => import('../fakes/electron.js'));

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { WindowManager } from '../../electron/main/windows.js';
import { BrowserWindow, electronFake } from '../fakes/electron.js';

let windows: WindowManager;

beforeEach(() => {
  electronFake.reset();
  windows = new WindowManager({ preloadPath: '/app/preload.cjs', title: () => 'Connector' });
});

describe('confirm-dial window', () => {
  it('is shown on top without taking the focus, and a second request does not reload it', () => {
    const first = windows.open('confirm-dial', { request: 'req-1' }) as unknown as BrowserWindow;
    expect(first.options).toMatchObject({ alwaysOnTop: true, show: false });
    first.emit('ready-to-show');
    expect(first.visible).toBe(true);
    expect(first.activations).toBe(0);

    const again = windows.open('confirm-dial', { request: 'req-2' }) as unknown as BrowserWindow;
    expect(again).toBe(first);
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(first.loadedUrls).toHaveLength(1);
    expect(first.activations).toBe(0);
    expect(first.visible).toBe(true);
  });

  it('brings back a hidden confirm window without focus too', () => {
    const window = windows.open('confirm-dial') as unknown as BrowserWindow;
    window.emit('ready-to-show');
    window.visible = false; // e.g. hidden behind a full-screen app and then minimised
    windows.open('confirm-dial');
    expect(window.visible).toBe(true);
    expect(window.activations).toBe(0);
  });

  it('pages the agent opens (settings) still come to the front with focus', () => {
    const settings = windows.open('settings') as unknown as BrowserWindow;
    settings.emit('ready-to-show');
    expect(settings.activations).toBeGreaterThan(0);
    expect(settings.options).toMatchObject({ alwaysOnTop: false });
    windows.open('settings', { tab: 'rules' });
    expect(settings.loadedUrls).toHaveLength(2);
  });
});
