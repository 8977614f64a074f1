// Settings window, "Local integrations": the bridge, pairing and caller-name lookup fields in
// Chromium, on the real services (CoreConnectorServices against the Accolades stand-in) behind
// the real IPC handlers. Turning the bridge on is checked end to end: a WebSocket client with
// an allowed Origin connects to the port the services report on 127.0.0.1 and signs in.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import {
  showSection,
  SCREENSHOT_DIR,
  startRendererFixture,
  type RendererFixture,
} from './harness/renderer-fixture.js';

const CRM_ORIGIN = 'https://crm.example.com';

/** Opens a bridge connection with `origin` and resolves with the first answer to authRequest. */
function signIn(port: number, origin: string, idCrm: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`, { origin });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('the bridge never answered authRequest'));
    }, 5_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'authRequest', idCrm })));
    socket.on('message', (data) => {
      clearTimeout(timer);
      socket.close();
      resolve(JSON.parse(String(data)) as Record<string, unknown>);
    });
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(`refused with HTTP ${response.statusCode}`));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe.skipIf(chromiumMissingReason !== undefined)('settings window: local integrations', () => {
  let fixture: RendererFixture;
  beforeAll(async () => {
    fixture = await startRendererFixture();
  }, 60_000);
  afterEach(async () => {
    await fixture?.closeWindows();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('turns the bridge on with an allowed origin: saved, listening on 127.0.0.1, a page from that origin signs in', async () => {
    const { page, bridge, services, screenshot } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } } },
      section: 'bridge',
    });
    expect(await page.isChecked('[data-path="bridge.enabled"]')).toBe(false);
    expect(services.integrationPorts().bridge).toBeUndefined();

    await page.check('[data-path="bridge.enabled"]');
    await page.fill(
      '[data-path="bridge.allowedOrigins"]',
      `${CRM_ORIGIN}\n\n  https://crm.example.com:8443  \n`,
    );
    // Only the bridge token signs in by default; this agent explicitly lets the CRM ID in too.
    expect(await page.isChecked('[data-path="bridge.requireToken"]')).toBe(true);
    await page.uncheck('[data-path="bridge.requireToken"]');
    await showSection(page, 'pairing');
    await page.check('[data-path="pairing.enabled"]');
    await showSection(page, 'lookup');
    await page.fill('[data-path="lookup.url"]', 'https://crm.example.com/api/name?phone={e164}');
    await page.fill('[data-path="lookup.apiKeyHeader"]', 'X-Api-Key');
    await page.fill('[data-path="lookup.namePath"]', 'data.0.fullName');
    await page.fill('[data-path="lookup.timeoutMs"]', '1200');
    await page.fill('[data-path="lookup.cacheSeconds"]', '30');
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');

    const config = services.getConfig();
    expect(config.bridge).toMatchObject({
      enabled: true,
      allowedOrigins: [CRM_ORIGIN, 'https://crm.example.com:8443'],
      requireToken: false,
    });
    expect(config.pairing.enabled).toBe(true);
    expect(config.lookup).toMatchObject({
      url: 'https://crm.example.com/api/name?phone={e164}',
      apiKeyHeader: 'X-Api-Key',
      namePath: 'data.0.fullName',
      timeoutMs: 1200,
      cacheSeconds: 30,
    });

    // The services start the bridge after the save; a client from the allowed origin signs in.
    await expect.poll(() => services.integrationPorts().bridge).toBeGreaterThan(0);
    const port = services.integrationPorts().bridge!;
    expect(await signIn(port, CRM_ORIGIN, DEMO_AGENT_ID)).toMatchObject({ type: 'authSuccess' });
    // An origin the agent did not list is refused before the WebSocket opens.
    await expect(signIn(port, 'https://evil.example.com', DEMO_AGENT_ID)).rejects.toThrow(
      'HTTP 403',
    );
    // The saved list comes back one origin per line.
    await showSection(page, 'bridge');
    expect(await page.inputValue('[data-path="bridge.allowedOrigins"]')).toBe(
      `${CRM_ORIGIN}\nhttps://crm.example.com:8443`,
    );
    await screenshot('settings-integrations');
    expect(bridge.pageProblems).toEqual([]);
  });

  it('an origin without a scheme is explained next to the list, with its line, and nothing is saved', async () => {
    const { page, services, connector } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } } },
      section: 'pairing',
    });
    await page.fill('[data-path="pairing.allowedOrigins"]', 'https://agent.example.com/path');
    await showSection(page, 'bridge');
    await page.check('[data-path="bridge.enabled"]');
    await page.fill('[data-path="bridge.allowedOrigins"]', `${CRM_ORIGIN}\ncrm.example.com`);
    await page.click('#save');
    const originsError = page.locator('.field:has([data-path="bridge.allowedOrigins"]) .error');
    await expect.poll(() => originsError.textContent()).toContain('Line 2:');
    expect(await originsError.textContent()).toContain('origin');
    expect(await page.getAttribute('[data-path="bridge.allowedOrigins"]', 'aria-invalid')).toBe(
      'true',
    );
    expect(
      await page.textContent('.field:has([data-path="pairing.allowedOrigins"]) .error'),
    ).toContain('Line 1:');
    expect(await page.getAttribute('#save-message', 'class')).toContain('error');
    await page
      .locator('#section-bridge')
      .screenshot({ path: join(SCREENSHOT_DIR, 'settings-integrations-errors.png') });
    expect(services.getConfig().bridge.enabled).toBe(false);
    expect(services.getConfig().bridge.allowedOrigins).toEqual([]);
    expect(connector.settings.saved).toEqual([]);
    expect(services.integrationPorts().bridge).toBeUndefined();

    // A port outside 1024–65535 is refused next to the port field too.
    await page.fill('[data-path="bridge.allowedOrigins"]', CRM_ORIGIN);
    await page.fill('[data-path="bridge.port"]', '80');
    await showSection(page, 'pairing');
    await page.fill('[data-path="pairing.allowedOrigins"]', 'https://agent.example.com');
    await page.click('#save');
    await expect
      .poll(() => page.textContent('.field:has([data-path="bridge.port"]) .error'))
      .not.toBe('');
    expect(await originsError.textContent()).toBe('');
    expect(connector.settings.saved).toEqual([]);
  });

  it('the bridge token and the lookup API key are write-only: stored or deleted, never shown or sent back', async () => {
    const { page, services } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } } },
      section: 'bridge',
    });
    const token = 'bridge-token-7f3a9c';
    const apiKey = 'crm-api-key-51d0e2';
    const tokenInput = page.locator('[data-secret="bridge.token"]');
    const tokenState = page.locator('#bridge-token .hint');
    expect(await tokenState.getAttribute('data-stored')).toBe('false');
    expect(await page.isDisabled('#bridge-token [data-action="clear-secret"]')).toBe(true);

    await tokenInput.fill(token);
    await page.click('#bridge-token [data-action="save-secret"]');
    await expect.poll(() => tokenState.getAttribute('data-stored')).toBe('true');
    expect(await tokenInput.inputValue()).toBe('');
    expect(await page.textContent('#bridge-token .message')).toBe('Bridge token stored.');

    await showSection(page, 'lookup');
    await page.fill('[data-secret="lookup.apiKey"]', apiKey);
    await page.click('#lookup-api-key [data-action="save-secret"]');
    await expect.poll(() => page.getAttribute('#lookup-api-key .hint', 'data-stored')).toBe('true');
    expect(await page.inputValue('[data-secret="lookup.apiKey"]')).toBe('');

    // Neither value is anywhere in the page or in what the main side sends back.
    const content = await page.content();
    expect(content).not.toContain(token);
    expect(content).not.toContain(apiKey);
    const view = JSON.stringify(await page.evaluate(() => window.connector?.getSettings()));
    expect(view).not.toContain(token);
    expect(view).not.toContain(apiKey);
    expect(view).toContain('"bridgeTokenStored":true');
    expect(JSON.stringify(await services.getSettings())).not.toContain(token);

    // With requireToken on (the default), the stored token and not the CRM ID signs a client in.
    await showSection(page, 'bridge');
    await page.check('[data-path="bridge.enabled"]');
    expect(await page.isChecked('[data-path="bridge.requireToken"]')).toBe(true);
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
    await expect.poll(() => services.integrationPorts().bridge).toBeGreaterThan(0);
    const port = services.integrationPorts().bridge!;
    expect(await signIn(port, '', token)).toMatchObject({ type: 'authSuccess' });
    expect(await signIn(port, '', DEMO_AGENT_ID)).toMatchObject({ type: 'authFailed' });

    // Delete: the state says so, and the token no longer signs in.
    await page.click('#bridge-token [data-action="clear-secret"]');
    await expect.poll(() => tokenState.getAttribute('data-stored')).toBe('false');
    expect(await page.textContent('#bridge-token .message')).toBe('Bridge token deleted.');
    expect(await signIn(port, '', token)).toMatchObject({ type: 'authFailed' });
  });

  it('a bridge locked by the admin policy is read-only with the lock note and never sent on save', async () => {
    const { page, bridge, services } = await fixture.open('settings', {
      connector: {
        user: { accolades: { crmId: DEMO_AGENT_ID } },
        policy: {
          bridge: { enabled: true, allowedOrigins: [CRM_ORIGIN] },
          locked: ['bridge'],
        },
      },
      section: 'bridge',
    });
    expect(await page.isChecked('[data-path="bridge.enabled"]')).toBe(true);
    expect(await page.isDisabled('[data-path="bridge.enabled"]')).toBe(true);
    expect(await page.isDisabled('[data-path="bridge.requireToken"]')).toBe(true);
    for (const path of ['bridge.port', 'bridge.allowedOrigins']) {
      expect(await page.isEditable(`[data-path="${path}"]`), path).toBe(false);
      expect(
        await page.textContent(`.field.locked:has([data-path="${path}"]) .lock-note`),
        path,
      ).toContain('administrator');
    }
    expect(await page.inputValue('[data-path="bridge.allowedOrigins"]')).toBe(CRM_ORIGIN);
    // The token belongs to the locked section too.
    expect(await page.isEditable('[data-secret="bridge.token"]')).toBe(false);
    expect(await page.isDisabled('#bridge-token [data-action="save-secret"]')).toBe(true);
    expect(await page.textContent('#bridge-token .lock-note')).toContain('administrator');
    // Pairing and lookup stay editable.
    expect(await page.isEditable('[data-path="pairing.port"]')).toBe(true);
    expect(await page.isEditable('[data-path="lookup.url"]')).toBe(true);
    expect(await page.isEditable('[data-secret="lookup.apiKey"]')).toBe(true);

    await showSection(page, 'lookup');
    await page.fill('[data-path="lookup.namePath"]', 'contact.name');
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
    const sent = bridge.callsTo('saveSettings').at(-1)?.request as Record<string, unknown>;
    expect(sent).not.toHaveProperty('bridge');
    // Only what the agent changed is sent (untouched pairing values stay out of their file).
    expect(sent).not.toHaveProperty('pairing');
    expect(sent.lookup).toEqual({ namePath: 'contact.name' });
    expect(services.getConfig().lookup.namePath).toBe('contact.name');
    expect(services.getConfig().bridge).toMatchObject({
      enabled: true,
      allowedOrigins: [CRM_ORIGIN],
    });
  });

  it('shows the section in Romanian', async () => {
    const { page } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID }, ui: { language: 'ro' } } },
    });
    expect(await page.textContent('#h-bridge')).toBe('Punte locală de evenimente');
    expect(await page.textContent('#h-lookup')).toBe('Numele apelanților');
    expect(await page.textContent('#bridge-token .hint')).toBe('Niciun token al punții păstrat.');
  });
});
