// A tiny stand-in "CRM contact page" on the control server, so the newcomer's demo has a real
// page to pop: `/crm/contact?phone=…` shows the number it was opened with. Everything from
// the query is HTML-escaped; the page runs no script.
import { escapeHtml } from './control-page.js';

export const CRM_DEMO_PATH = '/crm/contact';

export function renderCrmDemoPage(query: URLSearchParams): string {
  const phone = query.get('phone') ?? '';
  const direction = query.get('direction') ?? '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CRM demo: ${escapeHtml(phone || 'no number')}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:40rem}dt{font-weight:bold}</style></head>
<body><h1>CRM demo contact</h1>
<p>The Accolades Connector opened this page for a call. A real CRM would show the contact here.</p>
<dl><dt>Phone</dt><dd data-field="phone">${escapeHtml(phone) || '(none)'}</dd>
<dt>Direction</dt><dd data-field="direction">${escapeHtml(direction) || '(not given)'}</dd></dl>
</body></html>
`;
}
