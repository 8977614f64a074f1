// The tray menu is a pure function of the state: check ids, enabled flags, labels and the
// recent-calls submenu per state, and the icon chosen for each state, without an OS tray.
import { describe, expect, it } from 'vitest';
import type { ConnectionPhase } from '../../electron/core/connection-state.js';
import {
  iconForState,
  trayIconFile,
  TRAY_ICON_NAMES,
} from '../../electron/main/tray/tray-icons.js';
import {
  buildTrayMenu,
  RECENT_CALLS_IN_TRAY,
  type TrayMenuItem,
  type TrayRecentCall,
  type TrayViewState,
} from '../../electron/main/tray/tray-menu.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';

const strings = {
  t: createTranslator('en'),
  formatTime: (ms: number) => new Date(ms).toISOString().slice(11, 16),
};

function state(overrides: Partial<TrayViewState> = {}): TrayViewState {
  return {
    phase: 'connected',
    statusLine: 'Connected.',
    paused: false,
    recentCalls: [],
    canDial: true,
    ...overrides,
  };
}

function call(n: number, overrides: Partial<TrayRecentCall> = {}): TrayRecentCall {
  return {
    id: `c${n}`,
    display: `+40 712 345 ${String(n).padStart(3, '0')}`,
    time: Date.UTC(2026, 10, 25, 9, n),
    direction: n % 2 === 0 ? 'inbound' : 'outbound',
    canReopen: true,
    canCallBack: true,
    ...overrides,
  };
}

function byId(items: TrayMenuItem[], id: string): TrayMenuItem {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu ? findIn(item.submenu, id) : undefined;
    if (inner) return inner;
  }
  throw new Error(`no item ${id}`);
}
function findIn(items: TrayMenuItem[], id: string): TrayMenuItem | undefined {
  try {
    return byId(items, id);
  } catch {
    return undefined;
  }
}

const ALL_PHASES: ConnectionPhase[] = [
  'connecting',
  'authenticating',
  'connected',
  'waiting-for-agent-login',
  'ip-mismatch',
  'slot-taken',
  'auth-rejected',
  'backing-off',
  'needs-configuration',
  'stopped',
];

describe('buildTrayMenu', () => {
  it('has every item, in order, with stable ids', () => {
    const ids = buildTrayMenu(state(), strings).map((item) => item.id);
    expect(ids).toEqual([
      'status',
      'reconnect',
      'toggle-pause',
      'sep-calls',
      'recent-calls',
      'call-number',
      'call-clipboard',
      'sep-windows',
      'settings',
      'settings-rules',
      'history',
      'open-log-folder',
      'about',
      'sep-quit',
      'quit',
    ]);
  });

  it.each(ALL_PHASES)(
    'in phase %s: status line disabled, reconnect only when it can help',
    (phase) => {
      const menu = buildTrayMenu(state({ phase, statusLine: `line for ${phase}` }), strings);
      expect(byId(menu, 'status')).toMatchObject({ label: `line for ${phase}`, enabled: false });
      expect(byId(menu, 'reconnect').enabled).toBe(
        phase !== 'connected' && phase !== 'needs-configuration',
      );
      for (const id of [
        'settings',
        'settings-rules',
        'history',
        'open-log-folder',
        'about',
        'quit',
        'toggle-pause',
        'call-number',
      ]) {
        expect(byId(menu, id).enabled, id).toBe(true);
      }
    },
  );

  it('offers Pause when running and Resume when paused, with the matching action', () => {
    const running = byId(buildTrayMenu(state(), strings), 'toggle-pause');
    expect(running).toMatchObject({
      label: 'Pause screen-pops',
      action: { type: 'set-paused', paused: true },
    });
    const pausedMenu = buildTrayMenu(state({ paused: true }), strings);
    expect(byId(pausedMenu, 'toggle-pause')).toMatchObject({
      label: 'Resume screen-pops',
      action: { type: 'set-paused', paused: false },
    });
    expect(byId(pausedMenu, 'status').label).toContain('(screen-pops paused)');
  });

  it('shows a disabled placeholder when there are no calls', () => {
    const item = byId(buildTrayMenu(state(), strings), 'recent-calls');
    expect(item).toMatchObject({ kind: 'normal', enabled: false, label: 'No calls yet' });
    expect(item.submenu).toBeUndefined();
  });

  it('lists at most the last 10 calls with number, time and direction, each with its two actions', () => {
    const calls = Array.from({ length: 12 }, (_, i) => call(i + 1));
    const recent = byId(buildTrayMenu(state({ recentCalls: calls }), strings), 'recent-calls');
    expect(recent.kind).toBe('submenu');
    expect(recent.submenu).toHaveLength(RECENT_CALLS_IN_TRAY);
    expect(recent.submenu?.map((item) => item.id)).toEqual(
      calls.slice(0, 10).map((c) => `recent:${c.id}`),
    );
    expect(recent.submenu?.[0]?.label).toBe('+40 712 345 001 · 09:01 · Outgoing');
    expect(recent.submenu?.[1]?.label).toBe('+40 712 345 002 · 09:02 · Incoming');
    const first = recent.submenu?.[0]?.submenu ?? [];
    expect(first.map((item) => [item.id, item.label, item.action])).toEqual([
      ['recent:c1:pop-again', 'Open contact again', { type: 'pop-again', callId: 'c1' }],
      ['recent:c1:call-back', 'Call back', { type: 'call-back', callId: 'c1' }],
    ]);
  });

  it('disables Open contact again / Call back per call, and dialling when REST is not set up', () => {
    const calls = [call(1, { canReopen: false }), call(2, { canCallBack: false })];
    const menu = buildTrayMenu(state({ recentCalls: calls }), strings);
    expect(byId(menu, 'recent:c1:pop-again').enabled).toBe(false);
    expect(byId(menu, 'recent:c1:call-back').enabled).toBe(true);
    expect(byId(menu, 'recent:c2:call-back').enabled).toBe(false);

    const noRest = buildTrayMenu(state({ recentCalls: calls, canDial: false }), strings);
    expect(byId(noRest, 'recent:c1:call-back').enabled).toBe(false);
    expect(byId(noRest, 'call-clipboard').enabled).toBe(false);
    // The dialer still opens: it explains what is missing.
    expect(byId(noRest, 'call-number').enabled).toBe(true);
  });

  it('speaks Romanian when asked', () => {
    const menu = buildTrayMenu(state(), { ...strings, t: createTranslator('ro') });
    expect(byId(menu, 'quit').label).toBe('Ieșire');
    expect(byId(menu, 'reconnect').label).toBe('Reconectează acum');
  });
});

describe('iconForState', () => {
  it.each<[ConnectionPhase, boolean, string]>([
    ['connected', false, 'connected'],
    ['connecting', false, 'connecting'],
    ['authenticating', false, 'connecting'],
    ['backing-off', false, 'connecting'],
    ['waiting-for-agent-login', false, 'attention'],
    ['ip-mismatch', false, 'attention'],
    ['slot-taken', false, 'attention'],
    ['auth-rejected', false, 'attention'],
    ['needs-configuration', false, 'attention'],
    ['stopped', false, 'stopped'],
    ['connected', true, 'paused'],
    ['slot-taken', true, 'paused'],
    ['stopped', true, 'stopped'],
  ])('%s (paused: %s) → %s', (phase, paused, icon) => {
    expect(iconForState(phase, paused)).toBe(icon);
  });

  it('names a template image on macOS, an .ico on Windows and a PNG on Linux', () => {
    expect(trayIconFile('paused', 'darwin')).toBe('tray-pausedTemplate.png');
    expect(trayIconFile('paused', 'win32')).toBe('tray-paused.ico');
    expect(trayIconFile('paused', 'linux')).toBe('tray-paused.png');
    expect(TRAY_ICON_NAMES).toHaveLength(5);
  });
});
