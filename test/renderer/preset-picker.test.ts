// "Add rule from a preset" in Chromium, in English and Romanian: pick a CRM, fill in its inputs,
// see the rule and the address it opens for 0721 234 567, get an ordinary editable rule in the
// editor, save it. Real IPC handlers (listPresets / expandPreset / previewRule) and services.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

describe.skipIf(chromiumMissingReason !== undefined)('add rule from a preset', () => {
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

  it(
    'English: HubSpot in one minute — inputs checked, preview, an ordinary rule saved',
    { timeout: 45_000 },
    async () => {
      const { page, services, bridge, screenshot } = await fixture.open('settings', {
        connector: { user: { accolades: { crmId: DEMO_AGENT_ID }, ui: { language: 'en' } } },
      });
      await page.click('[data-action="add-from-preset"]');
      await page.waitForSelector('#preset-picker[open]');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('preset-choice');
      const names = await page.locator('#preset-choice option').allTextContents();
      expect(names).toHaveLength(12);
      expect(names).toContain('Salesforce (Lightning)');
      expect(names).toContain('Other web CRM');
      await page.selectOption('#preset-choice', 'hubspot');
      expect(await page.textContent('#preset-about')).toContain('international numbers');
      expect(await page.inputValue('#preset-input-appHost')).toBe('app.hubspot.com');

      // Nothing typed yet: the preview asks for the inputs; Add explains next to the field.
      await expect.poll(() => page.textContent('#preset-preview')).toContain('Fill in the fields');
      await page.click('#preset-add');
      expect(await page.textContent('#preset-input-portalId-error')).toBe(
        'Required, for example 12345678.',
      );
      expect(await page.getAttribute('#preset-input-portalId', 'aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('preset-input-portalId');

      // A host that is a URL with a user name: refused before anything is added.
      await page.fill('#preset-input-portalId', '12345678');
      await page.fill('#preset-input-appHost', 'app.hubspot.com@evil.example');
      await page.click('#preset-add');
      expect(await page.textContent('#preset-input-appHost-error')).toContain(
        'does not look right',
      );
      expect(await page.isVisible('#preset-picker')).toBe(true);

      await page.fill('#preset-input-appHost', 'app-eu1.hubspot.com');
      await expect
        .poll(() => page.textContent('#preset-sample-url'))
        .toBe(
          'https://app-eu1.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query=%2B40721234567',
        );
      expect(await page.textContent('#preset-template')).toBe(
        'https://app-eu1.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query={e164}',
      );
      expect(bridge.callsTo('expandPreset').length).toBeGreaterThan(0);
      await screenshot('settings-preset-picker');

      await page.click('#preset-add');
      await page.waitForSelector('#preset-picker:not([open])', { state: 'attached' });
      // An ordinary rule: the usual fields, editable, previewed like any other.
      const rule = page.locator('[data-rule-index="0"]');
      expect(await rule.locator('[data-path="rules.0.name"]').inputValue()).toBe(
        'HubSpot: find the contact',
      );
      const open = rule.locator('[data-path="rules.0.open"]');
      expect(await open.inputValue()).toBe(
        'https://app-eu1.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query={e164}',
      );
      await open.fill(
        'https://app-eu1.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query={national}',
      );
      await page.click('#save');
      await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
      expect(services.getConfig().rules).toEqual([
        expect.objectContaining({
          name: 'HubSpot: find the contact',
          open: 'https://app-eu1.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query={national}',
        }),
      ]);
    },
  );

  it('Romanian: labels, format note and errors in Romanian; Zendesk rule added', async () => {
    const { page, services } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID }, ui: { language: 'ro' } } },
    });
    expect(await page.textContent('[data-action="add-from-preset"]')).toBe(
      'Adaugă regulă dintr-un șablon…',
    );
    await page.click('[data-action="add-from-preset"]');
    await page.waitForSelector('#preset-picker[open]');
    expect(await page.textContent('#preset-title')).toBe('Adaugă o regulă pentru CRM-ul tău');
    expect(await page.locator('#preset-choice option').allTextContents()).toContain('Alt CRM web');
    await page.selectOption('#preset-choice', 'zendesk');
    expect(await page.textContent('label[for="preset-input-subdomain"]')).toBe(
      'Subdomeniul Zendesk',
    );
    expect(await page.textContent('#preset-about')).toContain('cifre fără +');
    await page.fill('#preset-input-subdomain', 'acme.evil.example');
    await page.click('#preset-add');
    expect(await page.textContent('#preset-input-subdomain-error')).toBe(
      'Valoarea nu pare corectă; de exemplu acme.',
    );
    await page.fill('#preset-input-subdomain', 'acme');
    await expect
      .poll(() => page.textContent('#preset-sample-url'))
      .toBe('https://acme.zendesk.com/agent/search/1?type=user&q=phone%3A40721234567');
    expect(await page.textContent('#preset-preview')).toContain(
      'Pentru un apel de la 0721 234 567',
    );
    // Escape closes without adding; the button brings it back with the same choice.
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-rule-index]').count()).toBe(0);
    await page.click('[data-action="add-from-preset"]');
    await page.click('#preset-add');
    await expect
      .poll(() => page.locator('[data-path="rules.0.name"]').inputValue())
      .toBe('Zendesk: find the caller');
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
    expect(services.getConfig().rules[0]?.open).toBe(
      'https://acme.zendesk.com/agent/search/1?type=user&q=phone%3A{e164|noplus}',
    );
  });

  it('the preview says when number rewriting was refused, and still shows the pop', async () => {
    const { page } = await fixture.open('settings', {
      connector: {
        user: {
          accolades: { crmId: DEMO_AGENT_ID },
          ui: { language: 'en' },
          phone: { rewrite: [{ pattern: '^.*$', replacement: '' }] },
          rules: [{ name: 'CRM', open: 'https://crm.example.com/c?phone={e164}' }],
        },
      },
    });
    await page.fill('#preview-number', '0721 234 567');
    await expect
      .poll(() => page.textContent('#preview-rewrite'))
      .toBe(
        'Number rewriting: Rewrite rule 1 made "0721 234 567" empty; the number as received was used.',
      );
    expect(await page.textContent('#preview-output .preview-url')).toBe(
      'https://crm.example.com/c?phone=%2B40721234567',
    );
  });
});
