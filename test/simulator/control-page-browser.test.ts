// The control page in a real browser: a hostile number shown on it never runs, and the forms
// work under the page's strict Content-Security-Policy.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/simulator.js';
import { TestClient } from './clients.js';

// Debian's Chromium (the project never downloads browsers); skipped with a reason when absent.
const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror=alert(1)>';

let browser: Browser | undefined;
let sim: SimulatorHandle;

describe.skipIf(!existsSync(CHROMIUM))('control page in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu'],
    });
    sim = await startSimulator({ agents: [{ crmId: 'alice' }] });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  it('rings a hostile number from the form, shows it as text, and runs nothing', async () => {
    const { client } = await TestClient.auth(sim, 'alice');
    const page = await browser!.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await page.goto(`${sim.controlUrl}/`);
      await page.fill('input[name=phoneNumber]', HOSTILE);
      await Promise.all([
        page.waitForURL(`${sim.controlUrl}/`),
        page.click('form[action="/form/ring"] button'),
      ]);
      expect(await client.next()).toEqual({ type: 'incomingCall', phoneNumber: HOSTILE });
      await expect.poll(() => page.locator('table').nth(1).innerText()).toContain(HOSTILE);
      expect(await page.locator('img').count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
      await client.close();
    }
  });
});
