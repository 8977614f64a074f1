// One plain-English sentence per connection phase, for the tray tooltip, the settings window
// and the CLI. Exported keyed by phase so the Electron app can swap in translations.
import type { ConnectionPhase } from '../connection-state.js';

export const STATUS_LINES: Readonly<Record<ConnectionPhase, string>> = {
  connecting: 'Connecting to Accolades…',
  authenticating: 'Connected to Accolades; signing in with your CRM ID…',
  connected: 'Connected to Accolades: calls will open your CRM.',
  'waiting-for-agent-login':
    'Log in to the Accolades Agent page in your browser; the connector will retry by itself.',
  'ip-mismatch':
    'Your browser and this connector reach Accolades from different internet addresses (VPN or proxy?).',
  'slot-taken':
    "Another connector already holds your Accolades connection (the Agent page's own connector, or a second copy of this app).",
  'auth-rejected':
    'Accolades refused the connection for a reason this connector does not know (shown below); it will retry slowly.',
  'backing-off': 'The connection to Accolades was lost; reconnecting shortly.',
  'needs-configuration':
    'The connector is not set up yet: check the Accolades CRM ID, server address and proxy in the settings.',
  stopped: 'The connector is stopped.',
};

export function statusLineFor(phase: ConnectionPhase): string {
  return STATUS_LINES[phase];
}
