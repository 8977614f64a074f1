// Dialer window in Chromium, with the real IPC handlers and the real services behind it: dial
// and SMS go to the Accolades stand-in's REST API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENT_ID, DEMO_PASSWORD } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import {
  WINDOW_SIZES,
  startRendererFixture,
  type RendererFixture,
} from './harness/renderer-fixture.js';

const withPassword = { restPassword: DEMO_PASSWORD } as const;

describe.skipIf(chromiumMissingReason !== undefined)('dialer window', () => {
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

  it('normalizes a pasted number with spaces, dashes, dots and parentheses as you type', async () => {
    const { page, bridge } = await fixture.open('dialer');
    // In the app's dialer window the number field, the Call button and the whole SMS part are
    // in view at once, without scrolling.
    const { width, height } = WINDOW_SIZES.dialer;
    for (const selector of ['#dial-number', '#dial-call', '#sms-text', '#sms-send']) {
      const box = await page.locator(selector).boundingBox();
      expect(box && box.y + box.height <= height && box.x + box.width <= width, selector).toBe(
        true,
      );
    }
    await page.fill('#dial-number', '(0712) 345-67.8');
    await expect.poll(() => page.textContent('[data-testid="dial-as"]')).toBe('0712345678');
    expect(await page.getAttribute('#dial-number', 'aria-invalid')).toBeNull();
    expect(bridge.callsTo('normalizeNumber').at(-1)?.request).toEqual({ text: '(0712) 345-67.8' });
    expect(bridge.pageProblems).toEqual([]);
  });

  it('explains bad input in plain words next to the field and dials nothing', async () => {
    const { page, connector } = await fixture.open('dialer', { connector: withPassword });
    await page.fill('#dial-number', 'call me maybe');
    await expect.poll(() => page.textContent('#dial-error')).not.toBe('');
    expect(await page.getAttribute('#dial-number', 'aria-invalid')).toBe('true');
    const explained = await page.textContent('#dial-error');
    expect(explained).toMatch(/[a-z]{3,} [a-z]{2,}/i);
    await page.click('#dial-call');
    await expect.poll(() => page.textContent('#dial-error')).not.toBe('');
    expect(connector.dialed()).toEqual([]);
  });

  it('an empty number asks for one instead of dialling', async () => {
    const { page, connector } = await fixture.open('dialer', { connector: withPassword });
    await page.click('#dial-call');
    await expect.poll(() => page.textContent('#dial-error')).toContain('phone number');
    expect(connector.dialed()).toEqual([]);
  });

  it('a double click (and Enter hammering) dials once and shows the result', async () => {
    const { page, connector, bridge, screenshot } = await fixture.open('dialer', {
      connector: { ...withPassword, user: { accolades: { crmId: DEMO_AGENT_ID } } },
    });
    await connector.reachPhase('connected');
    const outgoing = new Promise((resolve) => connector.services.on('call', resolve));
    await page.fill('#dial-number', '+40 712 345 678');
    await page.dblclick('#dial-call');
    await page.press('#dial-number', 'Enter');
    await page.press('#dial-number', 'Enter');
    await expect.poll(() => page.getAttribute('#dial-result', 'class')).toContain('ok');
    expect(connector.dialed()).toEqual(['0712345678']);
    expect(bridge.callsTo('dial')).toHaveLength(1);
    expect(await page.textContent('#dial-result')).toContain('0712345678');
    // The stand-in rang the agent's phone and then dialled: the connector saw the outgoing call.
    expect(await outgoing).toMatchObject({ direction: 'outbound', display: '+40 712 345 678' });
    await page.fill('#sms-text', 'Bună ziua, vă sunăm înapoi în cinci minute.');
    await expect.poll(() => page.locator('#sms-warnings li').count()).toBeGreaterThan(0);
    await screenshot('dialer');
  });

  it('SMS: character count, the 160-character and the diacritics warnings', async () => {
    const { page, connector } = await fixture.open('dialer', { connector: withPassword });
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
    expect(connector.smsSent()).toEqual([
      { number: '0712345678', text: 'Mulțumim, revenim în curând.' },
    ]);
  });

  it('a refused password shows the stand-in’s 401 in plain words; nothing is dialled', async () => {
    const { page, connector } = await fixture.open('dialer', {
      connector: { restPassword: 'not-the-password' },
    });
    await page.fill('#dial-number', '0712 345 678');
    await page.click('#dial-call');
    await expect.poll(() => page.getAttribute('#dial-result', 'class')).toContain('error');
    expect(await page.textContent('#dial-result')).toContain(
      'Accolades refused the API password, or the REST API is not active for account',
    );
    // The stand-in did answer 401 to this dial, and accepted none.
    const refused = fixture.standIn.sim.received.rest.filter((r) => r.path.includes('/dial'));
    expect(refused.at(-1)?.status).toBe(401);
    expect(connector.dialed()).toEqual([]);
  });
});
