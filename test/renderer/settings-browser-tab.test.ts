// Settings window, "Browser tab", in Chromium on the real services behind the real IPC handlers:
// the agent presses "Pair a browser", a forged extension socket pairs with the code and port
// shown, the paired list says connected, Unpair cuts the extension; the section's fields save,
// and a too-broad tab pattern is explained next to its field with nothing saved.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

const EXTENSION = `chrome-extension://${'c'.repeat(32)}`;

/** One socket from the extension's origin: sends `first`, collects frames, notes the close. */
function extensionSocket(port: number, first: Record<string, unknown>) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, { origin: EXTENSION });
  const frames: Record<string, unknown>[] = [];
  let closed = false;
  socket.on('open', () => socket.send(JSON.stringify(first)));
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    frames.push(frame);
    // Signed in: take pops, as the extension's service worker does.
    if (frame.type === 'authSuccess') {
      const extension = { browser: 'chromium', version: '0.1.0' };
      socket.send(JSON.stringify({ type: 'subscribe', stream: 'tabs', extension }));
    }
  });
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  return { socket, frames, isClosed: () => closed };
}

describe.skipIf(chromiumMissingReason !== undefined)('settings window: browser tab', () => {
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

  it('pairs a browser with the code shown, lists it connected, and unpairs it', async () => {
    const { page, services, screenshot, bridge } = await fixture.open('settings', {
      section: 'browser-tab',
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID }, bridge: { enabled: true } } },
    });
    await expect.poll(() => page.isVisible('#browser-paired-none')).toBe(true);
    await page.click('#browser-pair');
    await expect.poll(() => page.textContent('#browser-pair-code')).toMatch(/^\d{6}$/);
    const code = (await page.textContent('#browser-pair-code'))!;
    const port = Number((await page.textContent('#browser-pair-port'))!.replace(/\D/g, ''));
    expect(port).toBe(services.integrationPorts().bridge);
    expect(await page.textContent('#browser-pair-expires')).toMatch(/1[12]\d more seconds/);
    await screenshot('settings-browser-tab-code');

    const pairing = extensionSocket(port, { type: 'connector.pair', code, browser: 'chromium' });
    await expect.poll(() => pairing.frames[0]?.type).toBe('connector.paired');
    const token = String(pairing.frames[0]!.token);

    const extension = extensionSocket(port, { type: 'authRequest', idCrm: token });
    await expect.poll(() => extension.frames[0]?.type).toBe('authSuccess');
    const row = page.locator(`#browser-paired li[data-origin="${EXTENSION}"]`);
    await expect.poll(() => row.textContent(), { timeout: 8_000 }).toContain('connected');
    expect(await row.locator('.paired-state').getAttribute('class')).toContain('ok');
    expect(await page.isVisible('#browser-paired-none')).toBe(false);
    await screenshot('settings-browser-tab-paired');

    await row.locator('button[data-unpair]').click();
    await expect.poll(() => extension.isClosed()).toBe(true);
    await expect.poll(() => page.isVisible('#browser-paired-none')).toBe(true);
    expect(services.getConfig().browserTab.pairedExtensions).toEqual([]);
    expect(bridge.pageProblems).toEqual([]);
  });

  it('saves the section fields and explains a too-broad tab pattern next to its field', async () => {
    const { page, services, connector } = await fixture.open('settings', {
      section: 'browser-tab',
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } } },
    });
    // The bridge is off: pairing is not offered, and the page says why.
    await expect.poll(() => page.isDisabled('#browser-pair')).toBe(true);
    expect(await page.textContent('#browser-pair-note')).toContain('bridge');

    await page.check('[data-path="browserTab.focusTab"]');
    await page.selectOption('[data-path="browserTab.newTab"]', 'foreground');
    await page.fill('[data-path="browserTab.tabPatterns"]', 'https://crm.example.com/*\n*://*/*');
    await page.click('#save');
    const error = page.locator('.field:has([data-path="browserTab.tabPatterns"]) .error');
    await expect.poll(() => error.textContent()).toContain('Line 2:');
    expect(connector.settings.saved).toEqual([]);
    expect(services.getConfig().browserTab.focusTab).toBe(false);

    await page.fill('[data-path="browserTab.tabPatterns"]', 'https://crm.example.com/*');
    await page.fill('[data-path="browserTab.ackTimeoutMs"]', '900');
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
    expect(services.getConfig().browserTab).toMatchObject({
      focusTab: true,
      newTab: 'foreground',
      ackTimeoutMs: 900,
      tabPatterns: ['https://crm.example.com/*'],
      pairedExtensions: [],
    });
  });
});
