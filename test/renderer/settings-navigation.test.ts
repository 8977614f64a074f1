// The settings window's sidebar in Chromium: built from the page's sections, one shown at a
// time, keyboard and mouse, deep links (and hostile fragments), search over setting names,
// the unsaved-changes guard, lock icons and the administrator's defaults — in English and
// Romanian, with a screenshot of every section. Real IPC handlers and services behind the page.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import {
  showSection,
  startRendererFixture,
  type RendererFixture,
} from './harness/renderer-fixture.js';

const USER = { accolades: { crmId: DEMO_AGENT_ID } };

/** What the page shows: the sidebar's entries and which section is displayed. */
async function navState(page: Page) {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll<HTMLAnchorElement>('#settings-nav-list a')];
    const shown = [...document.querySelectorAll<HTMLElement>('section.panel[id^="section-"]')]
      .filter((section) => section.offsetParent !== null)
      .map((section) => section.id);
    return {
      names: links.map((link) => link.dataset.section),
      labels: links.map((link) => link.querySelector('.nav-label')?.textContent),
      visibleNames: links
        .filter((link) => !link.closest('li')?.hidden)
        .map((link) => link.dataset.section),
      current: links
        .filter((link) => link.getAttribute('aria-current') === 'page')
        .map((link) => link.dataset.section),
      tabStops: links.filter((link) => link.tabIndex === 0).map((link) => link.dataset.section),
      shown,
      hash: window.location.hash,
      focused: document.activeElement?.id ?? '',
    };
  });
}

describe.skipIf(chromiumMissingReason !== undefined)('settings window: navigation', () => {
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

  it.each([
    ['en', 'Screen-pop rules', 'Settings sections'],
    ['ro', 'Reguli de afișare a contactului', 'Secțiunile setărilor'],
  ] as const)(
    '%s: the sidebar lists every section from its heading; each shows alone (screenshot of each)',
    async (language, rulesHeading, navLabel) => {
      const { page, bridge, screenshot } = await fixture.open('settings', {
        connector: { user: { ...USER, ui: { language } } },
      });
      const state = await navState(page);
      // The page's own sections, in page order: nothing declared twice.
      const sectionIds = await page.$$eval('section.panel[id^="section-"]', (sections) =>
        sections.map((section) => section.id.replace('section-', '')),
      );
      expect(state.names).toEqual(sectionIds);
      expect(state.names).toEqual(
        expect.arrayContaining(['connection', 'rules', 'lookup', 'bridge', 'general', 'transfer']),
      );
      expect(state.shown).toEqual(['section-connection']);
      expect(state.current).toEqual(['connection']);
      expect(await page.getAttribute('#settings-nav', 'aria-label')).toBe(navLabel);

      for (const name of state.names) {
        await showSection(page, name!);
        const now = await navState(page);
        expect(now.shown, name).toEqual([`section-${name}`]);
        expect(now.current, name).toEqual([name]);
        expect(now.hash).toBe(`#${name}`);
        // The link says what the section's heading says, in the page's language.
        const heading = await page.textContent(`#section-${name} h2`);
        expect(now.labels[now.names.indexOf(name)]).toBe(heading?.trim());
        if (name === 'rules') expect(heading).toBe(rulesHeading);
        await screenshot(`settings-section-${language}-${name}`);
      }
      expect(bridge.pageProblems).toEqual([]);
    },
    // Ten sections, a full-page screenshot each: more than one ordinary test's worth of work.
    60_000,
  );

  it('keyboard: one tab stop in the sidebar, arrows/Home/End move and show, focus is visible', async () => {
    const { page } = await fixture.open('settings', { connector: { user: USER } });
    await page.focus('#settings-search');
    await page.keyboard.press('Tab');
    expect((await navState(page)).focused).toBe('nav-connection');
    // The focus ring is drawn (focus-visible) on a keyboard-focused link.
    expect(await page.$eval('#nav-connection', (link) => getComputedStyle(link).outlineStyle)).toBe(
      'solid',
    );

    await page.keyboard.press('ArrowDown');
    let state = await navState(page);
    expect(state.focused).toBe('nav-click2call');
    expect(state.shown).toEqual(['section-click2call']);
    expect(state.current).toEqual(['click2call']);
    expect(state.tabStops).toEqual(['click2call']);

    await page.keyboard.press('End');
    state = await navState(page);
    expect(state.current).toEqual([state.names.at(-1)]);
    await page.keyboard.press('ArrowDown'); // wraps to the first
    expect((await navState(page)).current).toEqual(['connection']);
    await page.keyboard.press('ArrowUp'); // and back to the last
    expect((await navState(page)).current).toEqual([state.names.at(-1)]);
    await page.keyboard.press('Home');
    expect((await navState(page)).current).toEqual(['connection']);

    // Tab leaves the sidebar straight into the shown section (the other links are not stops).
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('section')?.id ?? '')).toBe(
      'section-connection',
    );

    // Enter on a link opens it like a click, and the heading takes the focus.
    await page.focus('#nav-connection');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    state = await navState(page);
    expect(state.shown).toEqual(['section-phone']);
    expect(state.focused).toBe('h-phone');
  });

  it('deep link #rules opens the Rules section; main moving an open window is an in-page change that keeps edits', async () => {
    const { page, bridge } = await fixture.open('settings', {
      connector: { user: USER },
      section: 'rules',
    });
    let state = await navState(page);
    expect(state.shown).toEqual(['section-rules']);
    expect(state.current).toEqual(['rules']);
    expect(await page.isVisible('#rule-preview')).toBe(true);

    // An unsaved edit, then main's fragment-only navigation (tray "Rules…" on an open window).
    await showSection(page, 'phone');
    await page.fill('[data-path="phone.defaultCountry"]', 'MD');
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
      window.location.hash = '#rules';
    });
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('#section-rules')?.hidden === false,
    );
    state = await navState(page);
    expect(state.shown).toEqual(['section-rules']);
    expect(state.focused).toBe('h-rules');
    // Not reloaded: the marker and the edit are still there.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.inputValue('[data-path="phone.defaultCountry"]')).toBe('MD');
    expect(bridge.pageProblems).toEqual([]);
  });

  it.each([
    ['markup', '%3Cimg%20src=x%20onerror=window.__pwned=1%3E'],
    ['a selector', 'rules,body'],
    ['a prototype key', '__proto__'],
    ['an element id', 'section-rules'],
    ['a path', '../history/index.html'],
    ['a near miss', 'Rules'],
  ])('a hostile deep link (%s) shows the first section and runs nothing', async (_kind, hash) => {
    const { page, bridge } = await fixture.open('settings', {
      connector: { user: USER },
      section: hash,
    });
    const state = await navState(page);
    expect(state.shown).toEqual(['section-connection']);
    expect(state.current).toEqual(['connection']);
    expect(state.hash).toBe('#connection');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
      undefined,
    );
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // The same through a later fragment change.
    await page.evaluate((next) => (window.location.hash = next), `#${hash}`);
    await page.waitForFunction(() => window.location.hash === '#connection');
    expect((await navState(page)).shown).toEqual(['section-connection']);
    expect(bridge.pageProblems).toEqual([]);
  });

  it('search: by key name or label (accents ignored), filters the sidebar, highlights, Enter jumps, Escape clears', async () => {
    const { page, screenshot } = await fixture.open('settings', { connector: { user: USER } });
    const search = page.locator('#settings-search');
    await search.fill('screenPop.browser');
    let state = await navState(page);
    expect(state.visibleNames).toEqual(['screenpop']);
    expect(await page.textContent('#settings-search-status')).toBe(
      '1 settings match. Press Enter to go to the first.',
    );
    // Typing in the search box is not an edit.
    expect(await page.isVisible('#unsaved-mark')).toBe(false);
    await search.press('Enter');
    state = await navState(page);
    expect(state.shown).toEqual(['section-screenpop']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe(
      'screenPop.browser',
    );
    expect(
      await page
        .locator('.field.search-hit')
        .evaluateAll((rows) =>
          rows.map((row) => row.querySelector('[data-path]')?.getAttribute('data-path')),
        ),
    ).toEqual(['screenPop.browser']);
    await screenshot('settings-search-hit');

    // A label word finds fields in several sections; the sidebar keeps just those.
    await search.fill('port');
    state = await navState(page);
    expect(state.visibleNames).toEqual(expect.arrayContaining(['bridge', 'pairing']));
    expect(state.visibleNames).not.toContain('phone');
    expect(await page.textContent('#nav-bridge .nav-count')).not.toBe('');

    await search.fill('zzz-nothing');
    expect(await page.textContent('#settings-search-status')).toBe(
      'No setting matches “zzz-nothing”.',
    );
    expect((await navState(page)).visibleNames).toEqual([]);
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    expect((await navState(page)).visibleNames).toEqual((await navState(page)).names);
    expect(await page.locator('.field.search-hit').count()).toBe(0);
  });

  it('search in Romanian matches labels without diacritics', async () => {
    const { page } = await fixture.open('settings', {
      connector: { user: { ...USER, ui: { language: 'ro' } } },
    });
    await page.fill('#settings-search', 'notificari');
    expect((await navState(page)).visibleNames).toEqual(['general']);
    await page.press('#settings-search', 'Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe(
      'ui.notifications',
    );
    expect(await page.textContent('#settings-search-status')).toBe(
      '1 setări găsite. Apăsați Enter pentru prima.',
    );
  });

  it('unsaved edits hold the window (beforeunload), marked in the save bar; a saved form closes freely', async () => {
    const { page, services } = await fixture.open('settings', { connector: { user: USER } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await showSection(page, 'phone');
    await page.fill('[data-path="phone.defaultCountry"]', 'MD');
    expect(await page.isVisible('#unsaved-mark')).toBe(true);
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    // Dismissed: the page and the edit are still there.
    expect(page.isClosed()).toBe(false);
    expect(await page.inputValue('[data-path="phone.defaultCountry"]')).toBe('MD');

    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
    expect(services.getConfig().phone.defaultCountry).toBe('MD');
    expect(await page.isVisible('#unsaved-mark')).toBe(false);
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
    expect(dialogs).toEqual(['beforeunload']);
  });

  it('a refused save opens the section of the first bad field and marks it in the sidebar', async () => {
    const { page } = await fixture.open('settings', { connector: { user: USER } });
    await showSection(page, 'phone');
    await page.fill('[data-path="phone.defaultCountry"]', 'Romania');
    await showSection(page, 'general');
    await page.click('#save');
    await expect.poll(async () => (await navState(page)).shown).toEqual(['section-phone']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe(
      'phone.defaultCountry',
    );
    expect(await page.getAttribute('#nav-phone', 'class')).toBeNull();
    expect(await page.$eval('#nav-phone', (link) => link.closest('li')?.className)).toBe(
      'has-problem',
    );
    expect(await page.textContent('#nav-phone')).toContain('has a problem');
  });

  it.each([
    ['en', 'Set by your administrator', 'Default from your administrator'],
    ['ro', 'Stabilit de administrator', 'Valoare implicită de la administrator'],
  ] as const)(
    '%s: lock icons on locked fields; admin defaults marked, changeable, and reset to',
    async (language, lockLabel, defaultNote) => {
      const { page, bridge, services, screenshot } = await fixture.open('settings', {
        connector: {
          user: { ...USER, ui: { language, notifications: true } },
          policy: {
            screenPop: { allowHttp: false },
            defaults: { screenPop: { browser: 'firefox' }, ui: { notifications: false } },
            locked: ['screenPop.allowHttp'],
          },
        },
        section: 'screenpop',
      });
      // The locked field: an icon with an accessible label, in the control's accessible name.
      const icon = page.locator('.field:has([data-path="screenPop.allowHttp"]) .lock-icon');
      expect(await icon.isVisible()).toBe(true);
      expect(await icon.getAttribute('role')).toBe('img');
      expect(await icon.getAttribute('aria-label')).toBe(lockLabel);
      expect(
        await page.getByRole('checkbox', { name: new RegExp(lockLabel) }).getAttribute('data-path'),
      ).toBe('screenPop.allowHttp');
      // Exactly the locked fields have one.
      expect(await page.locator('.lock-icon:visible').count()).toBe(1);

      // The admin default in effect: marked, editable, no lock.
      const browserRow = page.locator('.field:has([data-path="screenPop.browser"])');
      expect(await page.inputValue('[data-path="screenPop.browser"]')).toBe('firefox');
      expect(await browserRow.locator('.admin-default').textContent()).toContain(defaultNote);
      expect(await page.isEditable('[data-path="screenPop.browser"]')).toBe(true);
      expect(await browserRow.locator('.lock-icon').isVisible()).toBe(false);
      await screenshot(`settings-admin-defaults-${language}`);

      // The agent's own value over an admin default: said, with a reset.
      await showSection(page, 'general');
      const notifications = page.locator('[data-path="ui.notifications"]');
      expect(await notifications.isChecked()).toBe(true);
      const notificationsNote = page.locator(
        '.field:has([data-path="ui.notifications"]) .admin-default',
      );
      expect(await notificationsNote.getAttribute('data-state')).toBe('changed');
      await notificationsNote.locator('[data-action="reset-to-admin-default"]').click();
      expect(await notifications.isChecked()).toBe(false);
      expect(await notificationsNote.getAttribute('data-state')).toBe('in-effect');
      expect(await page.isVisible('#unsaved-mark')).toBe(true);

      await page.click('#save');
      await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
      const sent = bridge.callsTo('saveSettings').at(-1)?.request as Record<string, unknown>;
      // The reset removes the agent's value; the untouched admin default is not copied over.
      // Only what changed travels: not the untouched admin default, not the untouched rules.
      expect(sent).toEqual({ ui: { notifications: null } });
      expect(services.getConfig().ui.notifications).toBe(false);
      expect((await services.getSettings()).adminDefaultsInEffect).toEqual(
        expect.arrayContaining(['screenPop.browser', 'ui.notifications']),
      );
      expect(bridge.pageProblems).toEqual([]);
    },
  );
});
