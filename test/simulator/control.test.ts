import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/simulator.js';
import { controlRequest, TestClient } from './clients.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
let sim: SimulatorHandle | undefined;
let receiver: http.Server | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  if (receiver) await new Promise((resolve) => receiver!.close(resolve));
  receiver = undefined;
});

function formPost(path: string, fields: Record<string, string>, origin?: string) {
  return controlRequest(sim!, 'POST', path, new URLSearchParams(fields).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
    ...(origin ? { origin } : {}),
  });
}

describe('control page and API', () => {
  it('shows a hostile number escaped, and the page runs no script', async () => {
    sim = await startSimulator({ agents: [{ crmId: 'alice' }] });
    const { client } = await TestClient.auth(sim, 'alice');
    try {
      expect(sim.ringAgent('alice', 'incoming', HOSTILE).delivered).toBe(true);
      expect(await client.next()).toEqual({ type: 'incomingCall', phoneNumber: HOSTILE });
      client.send({ type: HOSTILE, note: '"><script>alert(2)</script>' });
      expect((await client.next()).type).toBe('error');

      const page = await controlRequest(sim, 'GET', '/');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page.text).not.toContain('<img');
      expect(page.text).not.toContain('<script');
    } finally {
      await client.close();
    }
  });

  it('rings from the page form and shows the outcome', async () => {
    sim = await startSimulator({ agents: [{ crmId: 'alice' }] });
    const { client } = await TestClient.auth(sim, 'alice');
    try {
      const posted = await formPost(
        '/form/ring',
        { crmId: 'alice', direction: 'outgoing', phoneNumber: '0212345678' },
        sim.controlUrl,
      );
      expect(posted.status).toBe(303);
      expect(posted.headers.location).toBe('/');
      expect(await client.next()).toEqual({ type: 'outgoingCall', phoneNumber: '0212345678' });
      expect((await controlRequest(sim, 'GET', '/')).text).toContain('Rang alice (0212345678)');
    } finally {
      await client.close();
    }
  });

  it('refuses cross-site forms, foreign Host headers and JSON endpoints without JSON', async () => {
    sim = await startSimulator({ agents: [{ crmId: 'alice' }] });
    const crossSite = await formPost('/form/logout', { crmId: 'alice' }, 'https://evil.example');
    expect(crossSite.status).toBe(403);
    const rebinding = await controlRequest(sim, 'GET', '/api/received', undefined, {
      host: 'evil.example:80',
    });
    expect(rebinding.status).toBe(421);
    const notJson = await formPost('/api/agents/alice/logout', { x: '1' });
    expect(notJson.status).toBe(415);
    expect(sim.agents()[0]?.loggedIn).toBe(true);
    const badDirection = await controlRequest(sim, 'POST', '/api/ring', {
      crmId: 'alice',
      direction: 'sideways',
    });
    expect(badDirection.status).toBe(400);
    expect((await controlRequest(sim, 'GET', '/nothing')).status).toBe(404);
    expect((await controlRequest(sim, 'POST', '/api/agents/%E0%A4%A/login', {})).status).toBe(400);
  });

  it('posts call notifications (answer, hangup) to the integrator URL', async () => {
    const bodies: string[] = [];
    receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push(body);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    sim = await startSimulator({
      agents: [{ crmId: 'alice', userId: '57' }],
      callNotificationUrl: `http://127.0.0.1:${port}/callNotifications/answer.php`,
    });
    const { client } = await TestClient.auth(sim, 'alice');
    try {
      const { callId } = sim.ringAgent('alice', 'incoming', '0712345678');
      expect(callId).toMatch(/^\d+\.\d+$/);
      const answered = await controlRequest(sim, 'POST', `/api/calls/${callId}/answer`, {});
      expect(answered.json()).toMatchObject({
        notificationStatus: 200,
        call: { state: 'answered' },
      });
      await controlRequest(sim, 'POST', `/api/calls/${callId}/hangup`, {});
      expect(bodies.map((body) => Object.fromEntries(new URLSearchParams(body)))).toEqual([
        { apiName: 'callNotification', event: 'answer', callId, userId: '57', userType: 'user' },
        { apiName: 'callNotification', event: 'hangup', callId, userId: '57', userType: 'user' },
      ]);
      expect(sim.received.notifications).toHaveLength(2);
      expect((await controlRequest(sim, 'POST', '/api/calls/1.1/answer', {})).status).toBe(404);
    } finally {
      await client.close();
    }
  });

  it('records a notification URL that cannot be reached, without failing', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    sim = await startSimulator({
      agents: [{ crmId: 'alice' }],
      callNotificationUrl: `http://127.0.0.1:${port}/n`,
    });
    const { client } = await TestClient.auth(sim, 'alice');
    try {
      const { callId } = sim.ringAgent('alice', 'incoming', '1');
      const outcome = await sim.callEvent(callId!, 'hangup');
      expect(outcome?.notificationError).toMatch(/ECONNREFUSED/);
      expect(sim.received.notifications[0]?.error).toMatch(/ECONNREFUSED/);
    } finally {
      await client.close();
    }
  });

  it('plays an IVR HTTP request step: substitutes built-ins, GET or POST, reads the JSON answer', async () => {
    const seen: { method: string; url: string; body: string }[] = [];
    receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', body });
        response.setHeader('content-type', 'application/json');
        response.end(request.url?.startsWith('/text') ? 'plain' : '{"orderStatus":"shipped"}');
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    sim = await startSimulator({ agents: [], now: () => Date.UTC(2024, 0, 29, 12) });

    const posted = await controlRequest(sim, 'POST', '/api/ivr', {
      url: `http://127.0.0.1:${port}/processing.php`,
      variables: 'order=12345&from=$_callerId&day=$_dateNow',
      callerId: '+40712 345&678',
    });
    expect(posted.json()).toEqual({
      fields: { order: '12345', from: '+40712 345&678', day: '20240129' },
      status: 200,
      json: { orderStatus: 'shipped' },
    });
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.body))).toEqual({
      order: '12345',
      from: '+40712 345&678',
      day: '20240129',
    });

    const got = await controlRequest(sim, 'POST', '/api/ivr', {
      url: `http://127.0.0.1:${port}/text`,
      method: 'GET',
      variables: 'id=$_callId',
      callId: '1718000000.7',
    });
    expect(got.json()).toMatchObject({ status: 200, error: 'the answer is not a JSON object' });
    expect(seen[1]).toEqual({ method: 'GET', url: '/text?id=1718000000.7', body: '' });
    expect(sim.received.notifications).toHaveLength(2);

    const refused = await controlRequest(sim, 'POST', '/api/ivr', { url: 'file:///etc/passwd' });
    expect(refused.json()).toMatchObject({ error: 'only http: and https: URLs are allowed' });
  });
});
