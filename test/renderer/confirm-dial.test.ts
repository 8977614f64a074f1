// tel:/callto: confirmation window: the normalized number, then Call or Cancel by request id.
// A page firing tel: links must not be able to catch an Enter meant for something else or swap
// the number under the agent's cursor: Cancel has the focus, Call waits until the number has
// been on screen unchanged for a moment, and further requests queue behind the shown one.
// The page's timers run on Playwright's clock, so the wait is stepped, not slept.
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENT_ID, DEMO_PASSWORD } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

/** How long the number must have been visible and unchanged before Call takes a click. */
const ARMING_MS = 1000;
const CLOCK_START = new Date('2026-03-02T09:00:00Z');

/**
 * Fake timers in the page from its first script on, paused: time moves only when we say. Runs
 * before the page loads (no timers yet), so the jump to the pause point fires nothing; it is a
 * minute ahead because the clock runs in real time between install and pause.
 */
async function pauseTime(page: Page): Promise<void> {
  await page.clock.install({ time: CLOCK_START });
  await page.clock.pauseAt(new Date(CLOCK_START.getTime() + 60_000));
}

describe.skipIf(chromiumMissingReason !== undefined)('confirm dial window', () => {
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

  it('shows the normalized number of a tel: link and dials it once on Call', async () => {
    let requestId = '';
    const { page, connector, bridge, screenshot } = await fixture.open('confirm-dial', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } }, restPassword: DEMO_PASSWORD },
      beforeLoad: async ({ page, dialRequests }) => {
        await pauseTime(page);
        const opened = dialRequests.open('tel-link', '+40 (712) 345-678');
        if (!opened.ok) throw new Error(opened.error);
        requestId = opened.request.requestId;
      },
    });
    expect(await page.textContent('#confirm-number')).toBe('+40 712 345 678');
    expect(await page.textContent('#confirm-detail')).toContain('0712345678');
    expect(await page.textContent('#confirm-source')).toContain('link');
    // Cancel has the focus; Call is enabled only once the number has been shown a while.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
    expect(await page.isDisabled('#confirm-call')).toBe(true);
    await page.clock.runFor(ARMING_MS - 100);
    expect(await page.isDisabled('#confirm-call')).toBe(true);
    await page.clock.runFor(100);
    expect(await page.isDisabled('#confirm-call')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
    // It is a small dialog: everything fits the window the app opens, no scrolling.
    expect(
      await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight),
    ).toBe(true);
    await screenshot('confirm-dial');
    await page.dblclick('#confirm-call');
    await expect.poll(() => page.getAttribute('#confirm-result', 'class')).toContain('ok');
    // The stand-in's REST accepted exactly one dial, in the national format.
    expect(connector.dialed()).toEqual(['0712345678']);
    expect(bridge.callsTo('confirmDial').map((c) => c.request)).toEqual([
      { requestId, accept: true },
    ]);
    expect(bridge.pageProblems).toEqual([]);
  });

  it('Escape cancels: nothing is dialled; a new request arriving later is shown', async () => {
    const { page, connector, dialRequests } = await fixture.open('confirm-dial', {
      connector: { restPassword: DEMO_PASSWORD },
    });
    expect(await page.textContent('#confirm-number')).toBe('No call is waiting for confirmation.');
    expect(await page.isDisabled('#confirm-call')).toBe(true);
    const opened = dialRequests.open('clipboard', '0723.000.111');
    expect(opened.ok).toBe(true);
    await expect.poll(() => page.textContent('#confirm-number')).toBe('+40 723 000 111');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.textContent('#confirm-result')).toContain('Cancelled');
    expect(connector.dialed()).toEqual([]);
    expect(dialRequests.list()).toEqual([]);
  });

  it('an Enter pressed right away does not dial (it lands on Cancel)', async () => {
    const { page, connector, bridge, dialRequests } = await fixture.open('confirm-dial', {
      connector: { restPassword: DEMO_PASSWORD },
      beforeLoad: async ({ page, dialRequests }) => {
        await pauseTime(page);
        expect(dialRequests.open('tel-link', '0712345678').ok).toBe(true);
      },
    });
    expect(await page.textContent('#confirm-number')).toBe('+40 712 345 678');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#confirm-result')).toContain('Cancelled');
    expect(connector.dialed()).toEqual([]);
    expect(bridge.callsTo('confirmDial').map((c) => c.request)).toEqual([
      { requestId: expect.any(String), accept: false },
    ]);
    expect(dialRequests.list()).toEqual([]);
    // Even a click on Call before the number was shown long enough does nothing.
    expect(dialRequests.open('tel-link', '0723000111').ok).toBe(true);
    await expect.poll(() => page.textContent('#confirm-number')).toBe('+40 723 000 111');
    await page.click('#confirm-call', { force: true });
    await page.clock.runFor(ARMING_MS / 2);
    expect(connector.dialed()).toEqual([]);
    expect(bridge.callsTo('confirmDial')).toHaveLength(1);
  });

  it('a second link while one is shown waits its turn; the shown number never changes', async () => {
    const { page, connector, dialRequests, screenshot } = await fixture.open('confirm-dial', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } }, restPassword: DEMO_PASSWORD },
      beforeLoad: async ({ page, dialRequests }) => {
        await pauseTime(page);
        expect(dialRequests.open('tel-link', '0712345678').ok).toBe(true);
      },
    });
    expect(await page.textContent('#confirm-number')).toBe('+40 712 345 678');
    await page.clock.runFor(ARMING_MS - 200);

    // A page fires another link just before the agent clicks: the number stays, Call stays
    // disabled until the first number has had its full second, and the new one is announced.
    expect(dialRequests.open('tel-link', '0799999999').ok).toBe(true);
    await expect.poll(() => page.textContent('#confirm-waiting')).toBe('1 more waiting');
    expect(await page.textContent('#confirm-number')).toBe('+40 712 345 678');
    expect(
      await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight),
    ).toBe(true);
    await screenshot('confirm-dial-queued');
    expect(await page.isDisabled('#confirm-call')).toBe(true);
    await page.clock.runFor(200);
    expect(await page.isDisabled('#confirm-call')).toBe(false);
    expect(await page.textContent('#confirm-number')).toBe('+40 712 345 678');
    await page.click('#confirm-call');
    await expect.poll(() => connector.dialed()).toEqual(['0712345678']);

    // Then the next one, shown afresh: Cancel focused, Call disabled for its own second.
    await expect.poll(() => page.textContent('#confirm-number')).toBe('+40 799 999 999');
    expect(await page.textContent('#confirm-waiting')).toBe('');
    expect(await page.isDisabled('#confirm-call')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
    await page.clock.runFor(ARMING_MS);
    expect(await page.isDisabled('#confirm-call')).toBe(false);
    await page.click('#confirm-cancel');
    await expect.poll(() => page.textContent('#confirm-result')).toContain('Cancelled');
    expect(connector.dialed()).toEqual(['0712345678']);
    expect(dialRequests.list()).toEqual([]);
    expect(await page.textContent('#confirm-number')).toBe('No call is waiting for confirmation.');
  });
});
