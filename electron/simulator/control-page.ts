// The control web page: rendered on the server, with every shown value HTML-escaped, because
// it displays phone numbers and frames anyone could type. No script at all; plain forms.
import type { AgentSummary } from './agent-registry.js';
import type { SimulatedCall } from './call-notifier.js';
import type { SimulatorRecord } from './record.js';

export interface ControlPageModel {
  agents: AgentSummary[];
  calls: SimulatedCall[];
  record: SimulatorRecord;
  blockedAddresses: string[];
  status: string;
  wssUrl: string;
  restBaseUrl: string;
}

const SHOWN_ENTRIES = 50;

export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A form with one button that POSTs hidden fields to a /form/ action. */
function button(action: string, label: string, fields: Record<string, string> = {}): string {
  const hidden = Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('');
  return `<form method="post" action="/form/${escapeHtml(action)}" class="inline">${hidden}<button>${escapeHtml(label)}</button></form>`;
}

function agentRows(agents: AgentSummary[]): string {
  return agents
    .map(
      (agent) =>
        `<tr><td>${escapeHtml(agent.crmId)}</td><td>${agent.loggedIn ? 'yes' : 'no'}</td>` +
        `<td>${agent.connected ? 'connected' : '—'}</td><td>${escapeHtml(agent.expectedIp ?? 'any')}</td><td>` +
        button(agent.loggedIn ? 'logout' : 'login', agent.loggedIn ? 'Log out' : 'Log in', {
          crmId: agent.crmId,
        }) +
        (agent.connected ? button('drop', 'Drop', { crmId: agent.crmId }) : '') +
        `</td></tr>`,
    )
    .join('');
}

function callRows(calls: SimulatedCall[]): string {
  return calls
    .slice(-SHOWN_ENTRIES)
    .reverse()
    .map(
      (call) =>
        `<tr><td>${escapeHtml(call.callId)}</td><td>${escapeHtml(call.crmId)}</td><td>${escapeHtml(call.direction)}</td>` +
        `<td>${escapeHtml(call.phoneNumber)}</td><td>${escapeHtml(call.state)}</td><td>` +
        (call.state === 'ringing' ? button('answer', 'Answer', { callId: call.callId }) : '') +
        (call.state !== 'hungUp' ? button('hangup', 'Hang up', { callId: call.callId }) : '') +
        `</td></tr>`,
    )
    .join('');
}

function entries(list: readonly unknown[]): string {
  const shown = list.slice(-SHOWN_ENTRIES).reverse();
  if (shown.length === 0) return '<p>Nothing yet.</p>';
  return `<pre>${shown.map((entry) => escapeHtml(JSON.stringify(entry))).join('\n')}</pre>`;
}

export function renderControlPage(model: ControlPageModel): string {
  const options = model.agents
    .map(
      (agent) => `<option value="${escapeHtml(agent.crmId)}">${escapeHtml(agent.crmId)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Accolades stand-in</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.inline{display:inline;margin-right:.25rem}
pre{background:#f4f4f4;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}</style></head>
<body><h1>Accolades stand-in</h1>
<p>WebSocket: <code>${escapeHtml(model.wssUrl)}</code> · REST: <code>${escapeHtml(model.restBaseUrl)}</code></p>
${model.status ? `<p role="status"><strong>${escapeHtml(model.status)}</strong></p>` : ''}
<h2>Ring an agent</h2>
<form method="post" action="/form/ring">
<label>Agent <select name="crmId">${options}</select></label>
<label>Direction <select name="direction"><option value="incoming">incoming</option><option value="outgoing">outgoing</option></select></label>
<label>Number <input name="phoneNumber" value="0712345678" maxlength="200"></label>
<button>Ring</button></form>
<h2>Agents</h2>
<table><tr><th>crmId</th><th>logged in</th><th>connection</th><th>expected IP</th><th></th></tr>${agentRows(model.agents)}</table>
<p>${button('drop', 'Drop every connection')} ${button('reset-blocks', 'Lift REST IP blocks')}
Blocked: ${escapeHtml(model.blockedAddresses.join(', ') || 'none')}</p>
<h2>Calls</h2>
<table><tr><th>callId</th><th>agent</th><th>direction</th><th>number</th><th>state</th><th></th></tr>${callRows(model.calls)}</table>
<h2>Received over WebSocket (newest first)</h2>${entries(model.record.ws)}
<h2>REST requests (passwords redacted)</h2>${entries(model.record.rest)}
<h2>Call notifications sent</h2>${entries(model.record.notifications)}
</body></html>`;
}
