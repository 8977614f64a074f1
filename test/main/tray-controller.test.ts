// The tray controller draws the OS tray from the pure menu: it renders only when something
// visible changed, swaps the icon with the state, and routes clicks to the action callback.
vi.mock('electron', () => import('../fakes/electron.js'));

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TrayController } from '../../electron/main/tray/tray-controller.js';
import type { TrayAction, TrayViewState } from '../../electron/main/tray/tray-menu.js';
import { setupTray } from '../../electron/main/tray/setup-tray.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import { electronFake, Tray } from '../fakes/electron.js';
import { FakeConnectorServices, historyEntry } from '../fakes/fake-connector-services.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

const strings = { t: createTranslator('en'), formatTime: () => '09:30' };
const base: TrayViewState = {
  phase: 'connected',
  statusLine: 'Connected.',
  paused: false,
  recentCalls: [],
  canDial: true,
};

beforeEach(() => electronFake.reset());

describe('TrayController', () => {
  it('creates the tray once, with icon, tooltip and menu', () => {
    const actions: TrayAction[] = [];
    const controller = new TrayController({
      iconPath: (f) => `/assets/${f}`,
      onAction: (a) => actions.push(a),
      platform: 'linux',
    });
    controller.update(base, strings);
    expect(Tray.instances).toHaveLength(1);
    const tray = Tray.instances[0]!;
    expect(tray.images.map((i) => i.path)).toEqual(['/assets/tray-connected.png']);
    expect(tray.tooltip).toBe('Accolades Connector: Connected.');
    tray.menu?.getMenuItemById('toggle-pause')?.click?.();
    tray.menu?.getMenuItemById('quit')?.click?.();
    expect(actions).toEqual([{ type: 'set-paused', paused: true }, { type: 'quit' }]);
    expect(tray.menu?.getMenuItemById('status')).toMatchObject({
      enabled: false,
      label: 'Connected.',
    });
  });

  it('does not redraw when nothing changed, and swaps the icon when the state does', () => {
    const controller = new TrayController({
      iconPath: (f) => f,
      onAction: () => {},
      platform: 'linux',
    });
    controller.update(base, strings);
    controller.update({ ...base }, strings);
    expect(controller.renderCount).toBe(1);
    controller.update({ ...base, phase: 'slot-taken', statusLine: 'Slot taken.' }, strings);
    controller.update(
      { ...base, phase: 'slot-taken', statusLine: 'Slot taken.', paused: true },
      strings,
    );
    expect(controller.renderCount).toBe(3);
    const tray = Tray.instances[0]!;
    expect(tray.images.map((i) => i.path)).toEqual([
      'tray-connected.png',
      'tray-attention.png',
      'tray-paused.png',
    ]);
    expect(Tray.instances).toHaveLength(1);
  });

  it('uses template images on macOS', () => {
    const controller = new TrayController({
      iconPath: (f) => f,
      onAction: () => {},
      platform: 'darwin',
    });
    controller.update({ ...base, phase: 'backing-off' }, strings);
    const image = Tray.instances[0]!.images[0]!;
    expect(image.path).toBe('tray-connectingTemplate.png');
    expect(image.template).toBe(true);
  });
});

describe('setupTray', () => {
  it('follows the services: state, pause and new calls show up in the tray', async () => {
    const services = new FakeConnectorServices();
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    const { dispose } = setupTray({
      services,
      translate: () => createTranslator('en'),
      locale: () => 'en',
      iconPath: (f) => f,
      canDial: () => true,
      onAction: () => {},
      log: new MemoryLogger(),
    });
    await flush();
    const tray = Tray.instances[0]!;
    expect(tray.menu?.getMenuItemById('status')?.label).toBe(
      'Connected to Accolades: calls will open your CRM.',
    );

    services.setState({ phase: 'waiting-for-agent-login', statusLine: '', attempt: 2 });
    await flush();
    expect(tray.menu?.getMenuItemById('status')?.label).toContain(
      'Log in to the Accolades Agent page',
    );
    expect(tray.images.at(-1)?.path).toBe('tray-attention.png');

    services.receiveCall(historyEntry({ id: 'c42', display: '+40 712 345 678' }));
    await flush();
    expect(tray.menu?.getMenuItemById('recent:c42')?.label).toMatch(
      /^\+40 712 345 678 · .+ · Incoming$/,
    );

    await services.setPaused(true);
    await flush();
    expect(tray.menu?.getMenuItemById('toggle-pause')?.label).toBe('Resume screen-pops');
    dispose();
    expect(tray.destroyed).toBe(true);
  });
});
