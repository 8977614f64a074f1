// The connection state as people see it: one translated sentence per phase, the attention flag
// and the counters. Tray, status events and `getStatus` all build it here.
import { needsAttention, type ConnectionState } from '../core/connection-state.js';
import type { StatusView } from '../shared/ipc-contract.js';
import type { Translate } from '../shared/i18n/index.js';
import type { ConnectorServices } from './services.js';

export function localizedStatusLine(state: ConnectionState, t: Translate): string {
  switch (state.phase) {
    case 'connecting':
      return t('status.connecting');
    case 'authenticating':
      return t('status.authenticating');
    case 'connected':
      return t('status.connected');
    case 'waiting-for-agent-login':
      return t('status.waiting-for-agent-login');
    case 'ip-mismatch':
      return t('status.ip-mismatch');
    case 'slot-taken':
      return t('status.slot-taken');
    case 'auth-rejected':
      // The server's reason is shown verbatim: it is the only clue the agent or admin has.
      return t('status.auth-rejected', { detail: state.detail ?? state.statusLine });
    case 'backing-off':
      // The failure code is translated here; its cause stays verbatim (an OS or TLS message).
      return state.failure
        ? t(`status.backing-off.${state.failure.kind}`, {
            endpoint: state.failure.endpoint,
            cause: state.failure.cause,
          })
        : t('status.backing-off');
    case 'needs-configuration':
      return t('status.needs-configuration');
    case 'stopped':
      return t('status.stopped');
  }
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
