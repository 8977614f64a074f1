// Call history window in Chromium: rows, outcome styling, search, open again, call back, CSV.
// Every row is a real call rung on the Accolades stand-in and handled by the real core.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENT_ID, DEMO_PASSWORD } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';
import type { ConnectorUnderTest } from './harness/stand-in-connector.js';

const crmUrl = 'https://crm.example.com/contacts?phone=%2B40712345678';
const HOSTILE = '<img src=x onerror=alert(1)>';
const RULES = [
  {
    name: 'CRM contact',
    direction: 'inbound',
    open: 'https://crm.example.com/contacts?phone={e164}',
  },
  // The admin's program is missing on this computer: its pops fail.
  {
    name: 'Desk app',
    direction: 'outbound',
    run: { program: '/opt/crm/crm', args: ['--phone', '{e164}'] },
  },
];

/** Five real calls: popped, held back (same call again), failed, withheld, hostile caller id. */
async function seeded(fixture: RendererFixture): Promise<{
  connector: ConnectorUnderTest;
  ids: Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5', string>;
}> {
  const connector = await fixture.connector({
    user: { accolades: { crmId: DEMO_AGENT_ID }, rules: RULES },
    restPassword: DEMO_PASSWORD,
    missingPrograms: ['/opt/crm/crm'],
  });
  await connector.reachPhase('connected');
  const ring = async (direction: 'incoming' | 'outgoing', number: string) =>
    (await connector.ring(DEMO_AGENT_ID, direction, number)).id;
  const ids = {
    c1: await ring('incoming', '0712345678'),
    c2: await ring('incoming', '0712345678'),
    c3: await ring('outgoing', '+442079460000'),
    c4: await ring('incoming', 'anonymous'),
    c5: await ring('incoming', HOSTILE),
  };
  return { connector, ids };
}

describe.skipIf(chromiumMissingReason !== undefined)('call history window', () => {
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

  it('lists calls newest first; suppressed and failed pops stand out; hostile text stays text', async () => {
    const { connector, ids } = await seeded(fixture);
    const { page, bridge, screenshot } = await fixture.open('history', { connector });
    const rows = page.locator('#history-rows tr');
    expect(await rows.count()).toBe(5);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual([
      ids.c5,
      ids.c4,
      ids.c3,
      ids.c2,
      ids.c1,
    ]);
    const row = (id: string) => page.locator(`tr[data-id="${id}"]`);
    const failed = row(ids.c3);
    const suppressed = row(ids.c2);
    const popped = row(ids.c1);
    const background = (tr: typeof failed) =>
      tr.evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(await background(failed)).not.toBe(await background(popped));
    expect(await background(suppressed)).not.toBe(await background(popped));
    expect(await background(failed)).not.toBe(await background(suppressed));
    expect(await failed.locator('.badge').textContent()).toBe('Failed');
    expect(await suppressed.locator('.badge').textContent()).toBe('Held back');
    // The launcher's own words for a program that is not there.
    expect(await failed.textContent()).toContain('/opt/crm/crm: the program does not exist');
    expect(await failed.locator('.direction').textContent()).toBe('Outgoing');
    // Withheld: no "Call back"; no rule: no "Open contact again".
    expect(await row(ids.c4).locator('[data-action="call-back"]').isVisible()).toBe(false);
    expect(await row(ids.c4).locator('[data-action="reopen"]').isVisible()).toBe(false);
    // The hostile caller id is shown as text, not parsed as markup.
    expect(await page.locator('#history-rows img').count()).toBe(0);
    expect(await row(ids.c5).textContent()).toContain(HOSTILE);
    // Long real summaries (whole URLs) and caller ids wrap: nothing scrolls sideways in the
    // app's window, so every row's buttons stay in view.
    expect(
      await page.evaluate(() => {
        const panel = document.querySelector('.table-panel')!;
        return panel.scrollWidth <= panel.clientWidth;
      }),
    ).toBe(true);
    expect(bridge.pageProblems).toEqual([]);
    await screenshot('history');
  });

  it('search filters by number and by words; a new call rung on the stand-in appears live', async () => {
    const { connector, ids } = await seeded(fixture);
    const { page } = await fixture.open('history', { connector });
    const shown = () =>
      page
        .locator('#history-rows tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    await page.fill('#history-search', '0712345678');
    await expect.poll(shown).toEqual([ids.c2, ids.c1]);
    await page.fill('#history-search', '+40712345678');
    await expect.poll(shown).toEqual([ids.c2, ids.c1]);
    await page.fill('#history-search', 'does not exist');
    await expect.poll(shown).toEqual([ids.c3]);
    await page.fill('#history-search', 'zzz-nothing');
    await expect.poll(shown).toEqual([]);
    expect(await page.textContent('#history-empty')).toContain('zzz-nothing');
    await page.fill('#history-search', '');
    await expect.poll(shown).toHaveLength(5);

    const c6 = await connector.ring(DEMO_AGENT_ID, 'incoming', '0723 000 111');
    await expect.poll(shown).toEqual([c6.id, ids.c5, ids.c4, ids.c3, ids.c2, ids.c1]);
    expect(await page.locator(`tr[data-id="${c6.id}"] .number`).textContent()).toBe(
      '+40 723 000 111',
    );
  });

  it('shows the newest 50 calls and asks for older pages with the cursor it was given', async () => {
    const connector = await fixture.connector({
      user: { accolades: { crmId: DEMO_AGENT_ID }, rules: RULES },
      restPassword: DEMO_PASSWORD,
    });
    await connector.reachPhase('connected');
    const ids: string[] = [];
    for (let n = 0; n < 53; n += 1) {
      ids.unshift((await connector.ring(DEMO_AGENT_ID, 'incoming', `07210000${n + 10}`)).id);
    }
    const { page, bridge } = await fixture.open('history', { connector });
    const shown = () =>
      page
        .locator('#history-rows tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    await expect.poll(shown).toEqual(ids.slice(0, 50));
    expect(await page.isVisible('#history-more')).toBe(true);
    await page.click('#history-more');
    await expect.poll(shown).toEqual(ids);
    expect(await page.isVisible('#history-more')).toBe(false);
    expect(await page.textContent('#history-count')).toBe('53 of 53 calls');
    const requests = bridge.callsTo('listHistory').map((c) => c.request);
    expect(requests.at(-1)).toEqual({ limit: 50, before: expect.any(Number) });
  }, 60_000);

  it('open contact again and call back send only the call id; export writes a CSV', async () => {
    const { connector, ids } = await seeded(fixture);
    const { page, bridge, exportDir } = await fixture.open('history', { connector });
    const launchedBefore = connector.launched.length;
    await page.click(`tr[data-id="${ids.c1}"] [data-action="reopen"]`);
    await expect.poll(() => page.getAttribute('#history-message', 'class')).toContain('ok');
    expect(bridge.callsTo('reopenCall').map((c) => c.request)).toEqual([{ callId: ids.c1 }]);
    expect(connector.launched.slice(launchedBefore)).toEqual([{ kind: 'open', url: crmUrl }]);

    // Call back goes to the stand-in's REST dial, in the configured (national) format.
    await page.click(`tr[data-id="${ids.c3}"] [data-action="call-back"]`);
    await expect.poll(() => connector.dialed()).toEqual(['00442079460000']);
    expect(bridge.callsTo('callBack').map((c) => c.request)).toEqual([{ callId: ids.c3 }]);
    await expect.poll(() => page.getAttribute('#history-message', 'class')).toContain('ok');

    await page.click('#history-export');
    await expect.poll(() => page.textContent('#history-message')).toContain('call-history.csv');
    const csv = await readFile(join(exportDir, 'call-history.csv'), 'utf8');
    const lines = csv.split(/\r?\n/).filter(Boolean);
    // A header, then every call the history holds (the five, plus what happened since).
    const { total } = await connector.services.listHistory({});
    expect(total).toBeGreaterThanOrEqual(5);
    expect(lines).toHaveLength(1 + total);
    expect(csv).toContain('CRM contact');
    // The hostile caller id is exported as the text it was.
    expect(lines.some((line) => line.includes(HOSTILE))).toBe(true);
  });
});
