// Dialer window in Chromium, with the real IPC handlers and core phone parsing behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';
import { TemporaryServices } from './harness/temporary-services.js';

describe.skipIf(chromiumMissingReason !== undefined)('dialer window', () => {
  let fixture: RendererFixture;
  beforeAll(async () => {
    fixture = await startRendererFixture();
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it('normalizes a pasted number with spaces, dashes, dots and parentheses as you type', async () => {
    const { page, bridge } = await fixture.open('dialer');
    // In the app's 440×420 window the number field and the Call button are in view at once.
    for (const selector of ['#dial-number', '#dial-call']) {
      const box = await page.locator(selector).boundingBox();
      expect(box && box.y + box.height <= 420 && box.x + box.width <= 440, selector).toBe(true);
    }
    await page.fill('#dial-number', '(0712) 345-67.8');
    await expect.poll(() => page.textContent('[data-testid="dial-as"]')).toBe('0712345678');
    expect(await page.getAttribute('#dial-number', 'aria-invalid')).toBeNull();
    expect(bridge.callsTo('normalizeNumber').at(-1)?.request).toEqual({ text: '(0712) 345-67.8' });
    expect(bridge.pageProblems).toEqual([]);
  });

  it('explains bad input in plain words next to the field and dials nothing', async () => {
    const { page, services } = await fixture.open('dialer');
    await page.fill('#dial-number', 'call me maybe');
    await expect.poll(() => page.textContent('#dial-error')).not.toBe('');
    expect(await page.getAttribute('#dial-number', 'aria-invalid')).toBe('true');
    const explained = await page.textContent('#dial-error');
    expect(explained).toMatch(/[a-z]{3,} [a-z]{2,}/i);
    await page.click('#dial-call');
    await expect.poll(() => page.textContent('#dial-error')).not.toBe('');
    expect(services.dialed).toEqual([]);
  });

  it('an empty number asks for one instead of dialling', async () => {
    const { page, services } = await fixture.open('dialer');
    await page.click('#dial-call');
    await expect.poll(() => page.textContent('#dial-error')).toContain('phone number');
    expect(services.dialed).toEqual([]);
  });

  it('a double click (and Enter hammering) dials once and shows the result', async () => {
    const { page, services, bridge, screenshot } = await fixture.open('dialer');
    await page.fill('#dial-number', '+40 712 345 678');
    await page.dblclick('#dial-call');
    await page.press('#dial-number', 'Enter');
    await page.press('#dial-number', 'Enter');
    await expect.poll(() => page.getAttribute('#dial-result', 'class')).toContain('ok');
    expect(services.dialed).toEqual(['0712345678']);
    expect(bridge.callsTo('dial')).toHaveLength(1);
    expect(await page.textContent('#dial-result')).toContain('0712345678');
    await page.fill('#sms-text', 'Bună ziua, vă sunăm înapoi în cinci minute.');
    await expect.poll(() => page.locator('#sms-warnings li').count()).toBeGreaterThan(0);
    await screenshot('dialer');
  });

  it('SMS: character count, the 160-character and the diacritics warnings', async () => {
    const { page, services } = await fixture.open('dialer', { services: new TemporaryServices() });
    await page.fill('#sms-text', 'Hello, we will call you back.');
    await expect.poll(() => page.textContent('#sms-count')).toContain('29');
    expect(await page.locator('#sms-warnings li').count()).toBe(0);

    await page.fill('#sms-text', 'x'.repeat(161));
    await expect.poll(() => page.textContent('#sms-warnings')).toContain('only the first 160');
    expect(await page.textContent('#sms-count')).toContain('161');

    await page.fill('#sms-text', 'Mulțumim, revenim în curând.');
    await expect.poll(() => page.textContent('#sms-warnings')).toContain('without their accents');
    expect(await page.textContent('#sms-warnings')).toContain('ț');
    expect(await page.textContent('#sms-warnings')).not.toContain('160');

    await page.fill('#dial-number', '0712 345 678');
    await page.click('#sms-send');
    await expect.poll(() => page.getAttribute('#sms-result', 'class')).toContain('ok');
    expect(services.smsSent).toEqual([
      { number: '0712345678', text: 'Mulțumim, revenim în curând.' },
    ]);
  });
});
