// The stand-in's CRM demo page (what `demo` pops): served on the control server, shows the
// number it was opened with, escapes whatever the query holds.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';

let stand: SimulatorHandle;
beforeAll(async () => {
  stand = await startSimulator();
});
afterAll(async () => stand.close());

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers['content-type'] ?? '',
            body,
          }),
        );
      })
      .on('error', reject);
  });
}

it('shows the phone number and direction it was opened with', async () => {
  const page = await get(`${stand.controlUrl}/crm/contact?phone=%2B40712345678&direction=inbound`);
  expect(page.status).toBe(200);
  expect(page.type).toContain('text/html');
  expect(page.body).toContain('<dd data-field="phone">+40712345678</dd>');
  expect(page.body).toContain('<dd data-field="direction">inbound</dd>');
});

it('escapes a hostile query', async () => {
  const page = await get(
    `${stand.controlUrl}/crm/contact?phone=${encodeURIComponent('<script>alert(1)</script>')}`,
  );
  expect(page.body).not.toContain('<script>');
  expect(page.body).toContain('&lt;script&gt;');
});
