// The frames the bridge sends. Accolades-protocol frames keep Accolades' own shapes so an
// integration written for Accolades works unchanged; the opt-in richer stream uses
// `connector.`-prefixed types so it can never collide with an Accolades type.
import type { ConfigurationAnswer } from '../connection/connection-events.js';
import type { ConnectionState } from '../connection-state.js';
import type { CallRecord } from '../screen-pop/call-record.js';

/** The version sent in authSuccess when Accolades has not told us its own yet. */
export const BRIDGE_PROTOCOL_VERSION = '1.0.0';

/** The richer stream a client can ask for after authenticating. */
export const CONNECTOR_STREAM = 'connector';

export function authSuccessMessage(version: string | undefined): Record<string, unknown> {
  // "authSuccess" is the spelling of VoIPIT's current example connector; clients written for
  // Accolades are told (docs) to accept both spellings, as we do ourselves.
  return { type: 'authSuccess', version: version ?? BRIDGE_PROTOCOL_VERSION };
}

export function authFailedMessage(): Record<string, unknown> {
  return { type: 'authFailed', reason: 'ID_NOT_FOUND' };
}

/** The last configuration answer exactly as Accolades sent it, or an empty-valued one. */
export function configurationMessage(
  answer: ConfigurationAnswer | undefined,
): Readonly<Record<string, unknown>> {
  return answer?.message ?? { type: 'configuration', account: '', phone: '', agent: '' };
}

export function stateMessage(state: ConnectionState): Record<string, unknown> {
  return {
    type: 'connector.state',
    phase: state.phase,
    statusLine: state.statusLine,
    attempt: state.attempt,
    ...(state.detail === undefined ? {} : { detail: state.detail }),
    ...(state.serverVersion === undefined ? {} : { serverVersion: state.serverVersion }),
  };
}

export function callMessage(record: CallRecord): Record<string, unknown> {
  const { number, trace, outcome } = record;
  return {
    type: 'connector.call',
    callId: record.id,
    ...(record.popAgainOf === undefined ? {} : { popAgainOf: record.popAgainOf }),
    direction: record.direction,
    number: {
      raw: number.raw,
      e164: number.e164 ?? null,
      national: number.national,
      digits: number.digits,
      kind: number.kind,
    },
    receivedAt: record.receivedAt,
    outcome:
      outcome.kind === 'popped'
        ? { kind: 'popped' }
        : outcome.kind === 'suppressed'
          ? { kind: 'suppressed', reason: outcome.reason, why: outcome.why }
          : { kind: 'failed', error: outcome.error },
    rules: {
      summary: trace.summary,
      matched: trace.winners.map(
        (index) => trace.tried.find((t) => t.index === index)?.name ?? `#${index}`,
      ),
    },
    actions: record.actions.map((action) => ({
      kind: action.kind,
      ruleName: action.ruleName,
      ok: action.ok,
      // Where a URL opened and why there ("tab 12 (reused)", "browser: no extension connected").
      ...(action.kind === 'open' && action.via !== undefined ? { via: action.via } : {}),
    })),
    pendingClick: record.pendingClick,
  };
}

export function callerNameMessage(callId: string, name: string): Record<string, unknown> {
  return { type: 'connector.callerName', callId, name };
}

export function subscribedMessage(): Record<string, unknown> {
  return { type: 'connector.subscribed', stream: CONNECTOR_STREAM };
}
