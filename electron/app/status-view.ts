// The connection state as people see it: the translated sentence for its phase and reason, the attention flag
// and the counters. Tray, status events and `getStatus` all build it here.
import { needsAttention, type ConnectionState } from '../core/connection-state.js';
import { statusLine } from '../core/connection/status-lines.js';
import type { StatusView } from '../shared/ipc-contract.js';
import type { Translate } from '../shared/i18n/index.js';
import type { ConnectorServices } from './services.js';

/** The state's line in the UI language: the same function and keys as the CLI's English line. */
export function localizedStatusLine(state: ConnectionState, t: Translate): string {
  return statusLine(state, t);
}

export function buildStatusView(
  services: Pick<ConnectorServices, 'getConnectionState' | 'getCounts' | 'isPaused'>,
  t: Translate,
): StatusView {
  const state = services.getConnectionState();
  const view: StatusView = {
    phase: state.phase,
    statusLine: localizedStatusLine(state, t),
    attempt: state.attempt,
    attention: needsAttention(state.phase),
    paused: services.isPaused(),
    counts: services.getCounts(),
  };
  if (state.detail !== undefined) view.detail = state.detail;
  if (state.nextAttemptAt !== undefined) view.nextAttemptAt = state.nextAttemptAt;
  if (state.serverVersion !== undefined) view.serverVersion = state.serverVersion;
  return view;
}
