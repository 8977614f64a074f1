// Call history window in Chromium: rows, outcome styling, search, open again, call back, CSV.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizePhone } from '../../electron/core/phone/normalize-phone.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';
import { TemporaryServices, historyEntry } from './harness/temporary-services.js';

const phone = { defaultCountry: 'RO', internalMaxDigits: 4 };
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const crmUrl = 'https://crm.example.com/contacts?phone=%2B40712345678';

function seededServices(): TemporaryServices {
  return new TemporaryServices({
    user: { accolades: { crmId: 'f8cb549544' } },
    history: [
      historyEntry('c1', T0, 'inbound', normalizePhone('0712345678', phone), {
        outcome: 'popped',
        summary: 'Opened the CRM contact (rule "CRM contact").',
        ruleName: 'CRM contact',
        actions: [{ action: { kind: 'open', url: crmUrl }, ok: true }],
      }),
      historyEntry('c2', T0 + 60_000, 'inbound', normalizePhone('0712345678', phone), {
        outcome: 'suppressed',
        summary: 'Held back: the same call popped 4 seconds ago.',
        ruleName: 'CRM contact',
        actions: [{ action: { kind: 'open', url: crmUrl }, ok: true }],
      }),
      historyEntry('c3', T0 + 120_000, 'outbound', normalizePhone('+442079460000', phone), {
        outcome: 'failed',
        summary: 'The program /opt/crm/crm was not found.',
        ruleName: 'Desk app',
        actions: [
          {
            action: { kind: 'run', program: '/opt/crm/crm', args: ['--phone', '00442079460000'] },
            ok: false,
          },
        ],
      }),
      historyEntry('c4', T0 + 180_000, 'inbound', normalizePhone('anonymous', phone), {
        outcome: 'no-rule',
        summary: 'No rule takes withheld numbers.',
      }),
      historyEntry('c5', T0 + 240_000, 'inbound', normalizePhone('=HYPERLINK("x")', phone), {
        outcome: 'no-rule',
        summary: '<img src=x onerror=alert(1)> caller id shown as text',
      }),
    ],
  });
}

describe.skipIf(chromiumMissingReason !== undefined)('call history window', () => {
  let fixture: RendererFixture;
  beforeAll(async () => {
    fixture = await startRendererFixture();
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it('lists calls newest first; suppressed and failed pops stand out; hostile text stays text', async () => {
    const { page, bridge, screenshot } = await fixture.open('history', {
      services: seededServices(),
    });
    const rows = page.locator('#history-rows tr');
    expect(await rows.count()).toBe(5);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual([
      'c5',
      'c4',
      'c3',
      'c2',
      'c1',
    ]);
    const failed = page.locator('tr[data-id="c3"]');
    const suppressed = page.locator('tr[data-id="c2"]');
    const popped = page.locator('tr[data-id="c1"]');
    const background = (row: typeof failed) =>
      row.evaluate((tr) => getComputedStyle(tr).backgroundColor);
    expect(await background(failed)).not.toBe(await background(popped));
    expect(await background(suppressed)).not.toBe(await background(popped));
    expect(await background(failed)).not.toBe(await background(suppressed));
    expect(await failed.locator('.badge').textContent()).toBe('Failed');
    expect(await suppressed.locator('.badge').textContent()).toBe('Held back');
    expect(await failed.textContent()).toContain('was not found');
    expect(await failed.locator('.direction').textContent()).toBe('Outgoing');
    // Withheld: no "Call back"; no rule: no "Open contact again".
    expect(await page.locator('tr[data-id="c4"] [data-action="call-back"]').isVisible()).toBe(
      false,
    );
    expect(await page.locator('tr[data-id="c4"] [data-action="reopen"]').isVisible()).toBe(false);
    // The hostile summary is shown, not parsed.
    expect(await page.locator('#history-rows img').count()).toBe(0);
    expect(await page.locator('tr[data-id="c5"] .summary').textContent()).toContain('<img src=x');
    expect(bridge.pageProblems).toEqual([]);
    await screenshot('history');
  });

  it('search filters by number in any format and by words; a new call appears live', async () => {
    const services = seededServices();
    const { page } = await fixture.open('history', { services });
    const ids = () =>
      page
        .locator('#history-rows tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    await page.fill('#history-search', '0712 345');
    await expect.poll(ids).toEqual(['c2', 'c1']);
    await page.fill('#history-search', 'not found');
    await expect.poll(ids).toEqual(['c3']);
    await page.fill('#history-search', 'zzz-nothing');
    await expect.poll(ids).toEqual([]);
    expect(await page.textContent('#history-empty')).toContain('zzz-nothing');
    await page.fill('#history-search', '');
    await expect.poll(ids).toHaveLength(5);

    services.addCall(
      historyEntry('c6', T0 + 300_000, 'inbound', normalizePhone('0723000111', phone), {
        outcome: 'click-to-pop',
        summary: 'Waiting for a click on the notification.',
      }),
    );
    await expect.poll(ids).toEqual(['c6', 'c5', 'c4', 'c3', 'c2', 'c1']);
  });

  it('open contact again and call back send only the call id; export writes a CSV', async () => {
    const services = seededServices();
    const { page, bridge, exportDir } = await fixture.open('history', { services });
    await page.click('tr[data-id="c1"] [data-action="reopen"]');
    await expect.poll(() => page.getAttribute('#history-message', 'class')).toContain('ok');
    expect(bridge.callsTo('reopenCall').map((c) => c.request)).toEqual([{ callId: 'c1' }]);
    expect(services.launched).toEqual([{ kind: 'open', url: crmUrl }]);

    await page.click('tr[data-id="c3"] [data-action="call-back"]');
    await expect.poll(() => services.dialed).toEqual(['00442079460000']);
    expect(bridge.callsTo('callBack').map((c) => c.request)).toEqual([{ callId: 'c3' }]);

    await page.click('#history-export');
    await expect.poll(() => page.textContent('#history-message')).toContain('call-history.csv');
    const csv = await readFile(join(exportDir, 'call-history.csv'), 'utf8');
    expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(6);
    expect(csv).toContain('CRM contact');
  });
});
