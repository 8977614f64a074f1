// The one English table of connection status lines, and the one function that turns a state's
// phase and reason (the failure kind, the server's detail, the retry delay) into a sentence in
// any language. The app's i18n spreads STATUS_STRINGS into its English strings and translates
// the same keys; the CLI and the bridge use the English table through the same function.
import type { ConnectionPhase, ConnectionState } from '../connection-state.js';
// The one placeholder filler of the project; it lives with the pages because a page can load
// only files under its renderer folder (see that file).
import { formatString as fillPlaceholders } from '../../../renderer/common/format-string.js';

export const STATUS_STRINGS = {
  'status.connecting': 'Connecting to Accolades…',
  'status.authenticating': 'Connected to Accolades; signing in with your CRM ID…',
  'status.connected': 'Connected to Accolades: calls will open your CRM.',
  'status.waiting-for-agent-login':
    'Log in to the Accolades Agent page in your browser; the connector will retry by itself.',
  'status.ip-mismatch':
    'Your browser and this connector reach Accolades from different internet addresses (VPN or proxy?).',
  'status.slot-taken':
    "Another connector already holds your Accolades connection (the Agent page's own connector, or a second copy of this app).",
  'status.auth-rejected': 'Accolades refused the connection ({detail}); it will retry slowly.',
  'status.backing-off': 'The connection to Accolades was lost; reconnecting shortly.',
  'status.backing-off.refused':
    'Cannot reach the Accolades server at {endpoint} (connection refused); retrying in {seconds} s.',
  'status.backing-off.dns':
    'Cannot find the Accolades server {host} (DNS lookup failed: check the server address and the network); retrying in {seconds} s.',
  'status.backing-off.tls':
    'The secure connection to the Accolades server at {endpoint} failed (TLS: {cause}); retrying in {seconds} s.',
  'status.backing-off.timeout':
    'The Accolades server at {endpoint} did not answer in time; retrying in {seconds} s.',
  'status.backing-off.unreachable':
    'Cannot reach the Accolades server at {endpoint} ({cause}); retrying in {seconds} s.',
  'status.backing-off.lost':
    'The connection to Accolades was lost ({cause}); retrying in {seconds} s.',
  'status.backing-off.silent':
    'The connection to Accolades stopped answering; retrying in {seconds} s.',
  'status.needs-configuration':
    'The connector is not set up yet: check the Accolades CRM ID, server address and proxy in the settings.',
  'status.stopped': 'The connector is stopped.',
} as const;

export type StatusKey = keyof typeof STATUS_STRINGS;

/** A translator that knows at least the status keys (the app's `t`, or English below). */
export type StatusTranslate = (
  key: StatusKey,
  values?: Readonly<Record<string, string | number>>,
) => string;

/** What a status line is made of: the phase and its reason, never a sentence. */
export type StatusFacts = Pick<ConnectionState, 'phase' | 'detail' | 'failure' | 'retryInMs'>;

export function statusLine(state: StatusFacts, t: StatusTranslate): string {
  switch (state.phase) {
    case 'auth-rejected':
      // The server's reason is shown verbatim: it is the only clue the agent or admin has.
      return t('status.auth-rejected', { detail: state.detail ?? 'no reason given' });
    case 'backing-off': {
      const failure = state.failure;
      if (!failure) return t('status.backing-off');
      // The failure kind is translated; its cause stays verbatim (an OS or TLS message).
      return t(`status.backing-off.${failure.kind}`, {
        endpoint: failure.endpoint,
        host: hostOf(failure.endpoint),
        cause: failure.cause,
        seconds: Math.max(1, Math.ceil((state.retryInMs ?? 0) / 1000)),
      });
    }
    default:
      return t(`status.${state.phase}`);
  }
}

/** Fills `{name}` placeholders; unknown ones stay visible (a bug, not a crash). */
export { fillPlaceholders };

const english: StatusTranslate = (key, values) => fillPlaceholders(STATUS_STRINGS[key], values);

/** The English line, for the CLI's `state` lines, `doctor` and the bridge's state messages. */
export function englishStatusLine(state: StatusFacts): string {
  return statusLine(state, english);
}

/** The English line of a phase without a reason (what each phase says by itself). */
export function statusLineFor(phase: ConnectionPhase): string {
  return englishStatusLine({ phase });
}

/** Each phase's line by itself, derived from the table (tests, docs). */
export const STATUS_LINES: Readonly<Record<ConnectionPhase, string>> = Object.fromEntries(
  (
    [
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
    ] as const
  ).map((phase) => [phase, statusLineFor(phase)]),
) as Record<ConnectionPhase, string>;

function hostOf(endpoint: string): string {
  const colon = endpoint.lastIndexOf(':');
  return colon > 0 ? endpoint.slice(0, colon) : endpoint;
}
