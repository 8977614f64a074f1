// tel:/callto: confirmation window: the normalized number, then Call or Cancel by request id.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENT_ID, DEMO_PASSWORD } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

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
      beforeLoad: ({ dialRequests }) => {
        const opened = dialRequests.open('tel-link', '+40 (712) 345-678');
        if (!opened.ok) throw new Error(opened.error);
        requestId = opened.request.requestId;
      },
    });
    expect(await page.textContent('#confirm-number')).toBe('+40 712 345 678');
    expect(await page.textContent('#confirm-detail')).toContain('0712345678');
    expect(await page.textContent('#confirm-source')).toContain('link');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-call');
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
});
