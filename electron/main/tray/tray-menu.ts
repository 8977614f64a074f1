// The tray menu as plain data, built from the view state by a pure function so it is tested
// without an OS tray. The controller turns it into an Electron Menu and routes clicks.
import type { ConnectionPhase } from '../../core/connection-state.js';
import type { CallDirection } from '../../core/calls.js';
import type { Translate } from '../../shared/i18n/index.js';

export const RECENT_CALLS_IN_TRAY = 10;

export interface TrayRecentCall {
  id: string;
  display: string;
  time: number;
  direction: CallDirection;
  canReopen: boolean;
  canCallBack: boolean;
}

/** A program connected to the local event bridge. */
export interface TrayBridgeClient {
  id: number;
  /** The browser page's Origin; undefined for a local program. */
  origin?: string;
  authenticated: boolean;
}

/** Something the bridge, pairing or caller-name lookup cannot do (message from the core). */
export interface TrayProblem {
  source: 'bridge' | 'pairing' | 'lookup';
  message: string;
}

export interface TrayViewState {
  phase: ConnectionPhase;
  /** Already in the UI language. */
  statusLine: string;
  paused: boolean;
  /** Newest first; only the first RECENT_CALLS_IN_TRAY are shown. */
  recentCalls: readonly TrayRecentCall[];
  /** REST account, device and password are set, so dialling can work. */
  canDial: boolean;
  /** Clients of the local event bridge, one disabled line each under the status. */
  bridgeClients?: readonly TrayBridgeClient[];
  /**
   * The browser companion extension, when one is paired or allowed: the browser name of the
   * newest connected one ("Chrome", "Firefox"), or undefined when none is connected.
   */
  browserTab?: { connectedBrowser: string | undefined };
  /** Bridge / pairing / lookup problems, one disabled line each under the status. */
  problems?: readonly TrayProblem[];
}

/** What a click means; the controller maps each to a service call or a window. */
export type TrayAction =
  | { type: 'reconnect' }
  | { type: 'set-paused'; paused: boolean }
  | { type: 'pop-again'; callId: string }
  | { type: 'call-back'; callId: string }
  | {
      type: 'open-window';
      window: 'settings' | 'dialer' | 'history' | 'about';
      /** A settings section to open on (`rules`); checked in main before it reaches a URL. */
      section?: string;
    }
  | { type: 'dial-clipboard' }
  | { type: 'open-log-folder' }
  | { type: 'quit' };

export interface TrayMenuItem {
  /** Stable id (tests and Electron's `Menu.getMenuItemById`). */
  id: string;
  kind: 'normal' | 'separator' | 'submenu';
  label?: string;
  enabled?: boolean;
  submenu?: TrayMenuItem[];
  action?: TrayAction;
}

export interface TrayMenuStrings {
  t: Translate;
  /** Short local time for a recent call, e.g. "14:05". */
  formatTime: (epochMs: number) => string;
}

function separator(id: string): TrayMenuItem {
  return { id, kind: 'separator' };
}

function recentCallItem(
  call: TrayRecentCall,
  state: TrayViewState,
  s: TrayMenuStrings,
): TrayMenuItem {
  const direction = s.t(call.direction === 'inbound' ? 'direction.inbound' : 'direction.outbound');
  return {
    id: `recent:${call.id}`,
    kind: 'submenu',
    label: `${call.display} · ${s.formatTime(call.time)} · ${direction}`,
    submenu: [
      {
        id: `recent:${call.id}:pop-again`,
        kind: 'normal',
        label: s.t('tray.openContactAgain'),
        enabled: call.canReopen,
        action: { type: 'pop-again', callId: call.id },
      },
      {
        id: `recent:${call.id}:call-back`,
        kind: 'normal',
        label: s.t('tray.callBack'),
        enabled: call.canCallBack && state.canDial,
        action: { type: 'call-back', callId: call.id },
      },
    ],
  };
}

/** Disabled lines under the status: who uses the bridge, and what is not working. */
function integrationLines(state: TrayViewState, s: TrayMenuStrings): TrayMenuItem[] {
  const clients = (state.bridgeClients ?? []).map((client): TrayMenuItem => {
    const who =
      client.origin === undefined
        ? s.t('tray.bridgeClientLocal')
        : s.t('tray.bridgeClientBrowser', { origin: client.origin });
    return {
      id: `bridge-client:${client.id}`,
      kind: 'normal',
      label: client.authenticated ? who : s.t('tray.bridgeClientWaiting', { client: who }),
      enabled: false,
    };
  });
  const problems = (state.problems ?? []).map((problem): TrayMenuItem => ({
    id: `problem:${problem.source}`,
    kind: 'normal',
    label: s.t(`tray.problem.${problem.source}`, { message: problem.message }),
    enabled: false,
  }));
  const browserTab: TrayMenuItem[] = state.browserTab
    ? [
        {
          id: 'browser-tab',
          kind: 'normal',
          label:
            state.browserTab.connectedBrowser === undefined
              ? s.t('tray.browserTab.notConnected')
              : s.t('tray.browserTab.connected', { browser: state.browserTab.connectedBrowser }),
          enabled: false,
        },
      ]
    : [];
  return [...problems, ...browserTab, ...clients];
}

/** Reconnecting makes sense unless we are already connected or there is nothing to connect with. */
function canReconnect(phase: ConnectionPhase): boolean {
  return phase !== 'connected' && phase !== 'needs-configuration';
}

export function buildTrayMenu(state: TrayViewState, s: TrayMenuStrings): TrayMenuItem[] {
  const recent = state.recentCalls.slice(0, RECENT_CALLS_IN_TRAY);
  const statusLine = state.paused
    ? `${state.statusLine} ${s.t('status.paused-suffix')}`
    : state.statusLine;
  return [
    { id: 'status', kind: 'normal', label: statusLine, enabled: false },
    ...integrationLines(state, s),
    {
      id: 'reconnect',
      kind: 'normal',
      label: s.t('tray.reconnect'),
      enabled: canReconnect(state.phase),
      action: { type: 'reconnect' },
    },
    {
      id: 'toggle-pause',
      kind: 'normal',
      label: s.t(state.paused ? 'tray.resume' : 'tray.pause'),
      enabled: true,
      action: { type: 'set-paused', paused: !state.paused },
    },
    separator('sep-calls'),
    recent.length > 0
      ? {
          id: 'recent-calls',
          kind: 'submenu',
          label: s.t('tray.recentCalls'),
          enabled: true,
          submenu: recent.map((call) => recentCallItem(call, state, s)),
        }
      : { id: 'recent-calls', kind: 'normal', label: s.t('tray.noRecentCalls'), enabled: false },
    {
      id: 'call-number',
      kind: 'normal',
      label: s.t('tray.callNumber'),
      // Always open: the dialer itself explains what is missing when REST is not set up.
      enabled: true,
      action: { type: 'open-window', window: 'dialer' },
    },
    {
      id: 'call-clipboard',
      kind: 'normal',
      label: s.t('tray.callClipboard'),
      enabled: state.canDial,
      action: { type: 'dial-clipboard' },
    },
    separator('sep-windows'),
    {
      id: 'settings',
      kind: 'normal',
      label: s.t('tray.settings'),
      enabled: true,
      action: { type: 'open-window', window: 'settings' },
    },
    {
      id: 'settings-rules',
      kind: 'normal',
      label: s.t('tray.rules'),
      enabled: true,
      action: { type: 'open-window', window: 'settings', section: 'rules' },
    },
    {
      id: 'history',
      kind: 'normal',
      label: s.t('tray.history'),
      enabled: true,
      action: { type: 'open-window', window: 'history' },
    },
    {
      id: 'open-log-folder',
      kind: 'normal',
      label: s.t('tray.openLogFolder'),
      enabled: true,
      action: { type: 'open-log-folder' },
    },
    {
      id: 'about',
      kind: 'normal',
      label: s.t('tray.about'),
      enabled: true,
      action: { type: 'open-window', window: 'about' },
    },
    separator('sep-quit'),
    {
      id: 'quit',
      kind: 'normal',
      label: s.t('tray.quit'),
      enabled: true,
      action: { type: 'quit' },
    },
  ];
}
