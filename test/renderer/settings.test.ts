// Settings window in Chromium: first-run wizard, sections, admin locks, the rules editor with its
// live preview, and save errors placed next to their fields. Real IPC handlers + core behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';
import { TemporaryServices } from './harness/temporary-services.js';

const CRM_RULE = {
  name: 'CRM contact',
  direction: 'inbound',
  open: 'https://crm.example.com/contacts?phone={e164}',
} as const;

describe.skipIf(chromiumMissingReason !== undefined)('settings window', () => {
  let fixture: RendererFixture;
  beforeAll(async () => {
    fixture = await startRendererFixture();
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it('first run: asks for the CRM ID, says where to find it, saves it and shows the live connection', async () => {
    const services = new TemporaryServices();
    const { page, screenshot } = await fixture.open('settings', {
      services,
    });
    expect(await page.isVisible('#wizard')).toBe(true);
    expect(await page.isVisible('#settings-form')).toBe(false);
    expect(await page.textContent('#wizard-crm-id-help')).toContain('External CRM');
    expect(await page.textContent('#wizard-crm-id-help')).toContain('PHONE');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('wizard-crm-id');
    await screenshot('settings-wizard');

    // Empty: explained, nothing saved.
    await page.press('#wizard-crm-id', 'Enter');
    expect(await page.textContent('#wizard-crm-id-error')).toContain('CRM ID');
    expect(await page.getAttribute('#wizard-crm-id', 'aria-invalid')).toBe('true');
    expect(services.getConfig().accolades.crmId).toBe('');

    await page.fill('#wizard-crm-id', 'f8cb549544');
    await page.press('#wizard-crm-id', 'Enter');
    await page.waitForSelector('#wizard-step-status', { state: 'visible' });
    expect(services.getConfig().accolades.crmId).toBe('f8cb549544');

    // The connection result arrives live (onStatus), in the page's words.
    services.setState({ phase: 'waiting-for-agent-login', statusLine: '', attempt: 1 });
    const status = page.locator('#wizard-step-status .connection-status');
    await expect.poll(() => status.textContent()).toContain('Log in to the Accolades Agent page');
    expect(await status.getAttribute('class')).toContain('warn');
    services.setState({ phase: 'connected', statusLine: '', attempt: 0, serverVersion: '1.0.0' });
    await expect.poll(() => status.getAttribute('data-phase')).toBe('connected');
    expect(await status.getAttribute('class')).toContain('ok');
    await screenshot('settings-wizard-connected');

    await page.click('#wizard-finish');
    expect(await page.isVisible('#settings-form')).toBe(true);
    expect(await page.inputValue('[data-path="accolades.crmId"]')).toBe('f8cb549544');
  });

  it('rules editor: live preview of the exact URL and trace, a field error next to the field, reorder and save', async () => {
    const services = new TemporaryServices({
      user: { accolades: { crmId: 'f8cb549544' }, rules: [CRM_RULE] },
    });
    const { page, bridge, screenshot } = await fixture.open('settings', { services });
    expect(await page.isVisible('#wizard')).toBe(false);

    // The preview renders the selected rule for the sample number through the real templates.
    const url = page.locator('#preview-output .preview-url');
    await expect
      .poll(() => url.textContent())
      .toBe('https://crm.example.com/contacts?phone=%2B40712345678');
    await expect.poll(() => page.textContent('#preview-trace')).toContain('CRM contact');
    expect(await page.getAttribute('#preview-trace li', 'class')).toBe('trace-match');

    // Direction outbound: the trace says why the rule is skipped.
    await page.selectOption('#preview-direction', 'outbound');
    await expect.poll(() => page.getAttribute('#preview-trace li', 'class')).toBe('trace-skip');
    expect(await page.textContent('#preview-trace')).toContain('outbound');
    await page.selectOption('#preview-direction', 'inbound');

    // Typing is debounced: a burst of keystrokes makes far fewer preview requests.
    const before = bridge.callsTo('previewRule').length;
    const urlField = page.locator('[data-path="rules.0.open"]');
    await urlField.fill('');
    await urlField.pressSequentially('javascript:alert(1)', { delay: 10 });
    const problem = page.locator(
      '[data-rule-index="0"] .field:has([data-path="rules.0.open"]) .error',
    );
    await expect.poll(() => problem.textContent()).not.toBe('');
    expect(await urlField.getAttribute('aria-invalid')).toBe('true');
    expect(bridge.callsTo('previewRule').length - before).toBeLessThan(6);
    expect(await page.locator('#preview-output .preview-url').count()).toBe(0);

    // Saving the bad rule is refused and explained next to the same field; nothing is stored.
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('error');
    expect(await problem.textContent()).not.toBe('');
    expect(services.getConfig().rules[0]?.open).toBe(CRM_RULE.open);

    // Fix it, add a second rule (a program), move it up, save: the order is stored.
    await urlField.fill('https://crm.example.com/contacts?phone={national}');
    await expect.poll(() => problem.textContent()).toBe('');
    await page.click('[data-action="add-rule"]');
    const second = page.locator('[data-rule-index="1"]');
    await second.locator('[data-path="rules.1.name"]').fill('Desk app');
    await second.locator('[data-path="rules.1.action"]').selectOption('run');
    await second.locator('[data-path="rules.1.run.program"]').fill('/opt/crm/crm');
    await second.locator('[data-path="rules.1.run.args"]').fill('--phone\n{national}');
    await second.locator('[data-path="rules.1.direction"]').selectOption('any');
    await expect
      .poll(() => page.locator('#preview-output .preview-arg').allTextContents())
      .toEqual(['--phone', '0712345678']);
    await second.locator('[data-action="move-up"]').click();
    // At the top "Move up" is disabled, so the keyboard lands on "Move down" of the same rule.
    expect(
      await page.evaluate(() => [
        document.activeElement?.getAttribute('data-action'),
        document.activeElement?.closest('[data-rule-index]')?.getAttribute('data-rule-index'),
      ]),
    ).toEqual(['move-down', '0']);
    expect(await page.inputValue('[data-path="rules.0.name"]')).toBe('Desk app');
    await screenshot('settings-rules');
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
    expect(services.getConfig().rules.map((rule) => rule.name)).toEqual([
      'Desk app',
      'CRM contact',
    ]);
    expect(services.getConfig().rules[0]?.run).toEqual({
      program: '/opt/crm/crm',
      args: ['--phone', '{national}'],
    });

    // "Test" runs the selected rule for real (through the services' launcher).
    await page.click('#preview-test');
    await expect.poll(() => page.getAttribute('#preview-test-result', 'class')).toContain('ok');
    expect(services.launched.at(-1)).toEqual({
      kind: 'run',
      program: '/opt/crm/crm',
      args: ['--phone', '0712345678'],
    });
    expect(bridge.pageProblems).toEqual([]);
  });

  it('admin-locked keys are read-only with a lock note, and are never sent on save', async () => {
    const services = new TemporaryServices({
      user: { accolades: { crmId: 'f8cb549544' } },
      policy: { accolades: { url: 'wss://pbx.example.ro:14327' }, rules: [CRM_RULE] },
    });
    const { page, bridge, screenshot } = await fixture.open('settings', { services });
    const url = page.locator('[data-path="accolades.url"]');
    expect(await url.inputValue()).toBe('wss://pbx.example.ro:14327');
    expect(await url.evaluate((input: HTMLInputElement) => input.readOnly)).toBe(true);
    expect(await page.isVisible('.field.locked .lock-note')).toBe(true);
    expect(await page.textContent('.field.locked .lock-note')).toContain('administrator');
    // Locked rules: every rule control is read-only or disabled; add/move/remove are disabled.
    expect(await page.isDisabled('[data-action="add-rule"]')).toBe(true);
    expect(
      await page
        .locator('[data-path="rules.0.open"]')
        .evaluate((i: HTMLInputElement) => i.readOnly),
    ).toBe(true);
    expect(await page.isVisible('#rules-lock-note')).toBe(true);
    // The unlocked CRM ID stays editable.
    expect(
      await page
        .locator('[data-path="accolades.crmId"]')
        .evaluate((i: HTMLInputElement) => i.readOnly),
    ).toBe(false);
    await screenshot('settings-locked');

    await page.fill('[data-path="accolades.crmId"]', 'abc123');
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
    const sent = bridge.callsTo('saveSettings').at(-1)?.request as Record<
      string,
      Record<string, unknown>
    >;
    expect(sent.accolades).not.toHaveProperty('url');
    expect(sent).not.toHaveProperty('rules');
    expect(services.getConfig().accolades.crmId).toBe('abc123');
  });

  it('invalid values are explained next to their field and not saved; the password is write-only', async () => {
    const services = new TemporaryServices({ user: { accolades: { crmId: 'f8cb549544' } } });
    const { page, bridge } = await fixture.open('settings', { services });
    await page.fill('[data-path="phone.defaultCountry"]', 'Romania');
    await page.fill('[data-path="phone.internalMaxDigits"]', '42');
    await page.click('#save');
    const countryError = page.locator('.field:has([data-path="phone.defaultCountry"]) .error');
    await expect.poll(() => countryError.textContent()).toContain('two-letter');
    expect(await page.getAttribute('[data-path="phone.defaultCountry"]', 'aria-invalid')).toBe(
      'true',
    );
    expect(
      await page.textContent('.field:has([data-path="phone.internalMaxDigits"]) .error'),
    ).not.toBe('');
    expect(services.getConfig().phone).toEqual({ defaultCountry: 'RO', internalMaxDigits: 4 });

    expect(await page.getAttribute('#rest-password-state', 'data-stored')).toBe('false');
    await page.fill('#rest-password', 's3cret-pass');
    await page.click('#rest-password-save');
    await expect.poll(() => page.getAttribute('#rest-password-state', 'data-stored')).toBe('true');
    expect(await page.inputValue('#rest-password')).toBe('');
    expect(await page.content()).not.toContain('s3cret-pass');
    // Nothing the main side sent back carries the password.
    expect(
      JSON.stringify(await page.evaluate(() => window.connector?.getSettings())),
    ).not.toContain('s3cret');
    await page.click('#test-credentials');
    await expect
      .poll(() => page.getAttribute('#test-credentials-message', 'class'))
      .toContain('ok');
    expect(bridge.pageProblems).toEqual([]);
  });

  it('switching the language to Romanian and saving reloads the window in Romanian', async () => {
    const services = new TemporaryServices({ user: { accolades: { crmId: 'f8cb549544' } } });
    const { page } = await fixture.open('settings', { services });
    expect(await page.textContent('#settings-title')).toBe('Settings');
    await page.selectOption('[data-path="ui.language"]', 'ro');
    await page.click('#save');
    await page.waitForFunction(
      () => document.documentElement.lang === 'ro' && document.body.dataset.ready === 'true',
    );
    expect(await page.textContent('#settings-title')).toBe('Setări');
    expect(await page.inputValue('[data-path="ui.language"]')).toBe('ro');
    expect(services.getConfig().ui.language).toBe('ro');
  });

  it('settings changed elsewhere refill the form, but never over the agent’s unsaved edits', async () => {
    const services = new TemporaryServices({ user: { accolades: { crmId: 'f8cb549544' } } });
    const { page, bridge } = await fixture.open('settings', { services });
    const country = page.locator('[data-path="phone.defaultCountry"]');
    expect(await services.saveSettings({ phone: { defaultCountry: 'MD' } })).toMatchObject({
      ok: true,
    });
    await expect.poll(() => country.inputValue()).toBe('MD');

    await page.fill('[data-path="accolades.proxy"]', 'http://proxy.example:3128');
    const handled = await bridge.delivered('settings');
    expect(await services.saveSettings({ phone: { defaultCountry: 'DE' } })).toMatchObject({
      ok: true,
    });
    // The page has handled the new settings event (no sleeping), and kept the agent's edit.
    await expect.poll(() => bridge.delivered('settings')).toBeGreaterThan(handled);
    expect(await page.inputValue('[data-path="accolades.proxy"]')).toBe(
      'http://proxy.example:3128',
    );
    expect(await country.inputValue()).toBe('MD');
  });

  it('shows Romanian when the language is Romanian', async () => {
    const services = new TemporaryServices({ user: { ui: { language: 'ro' } } });
    const { page } = await fixture.open('settings', { services });
    expect(await page.textContent('#wizard-title')).toBe('Bun venit în Accolades Connector');
    expect(await page.textContent('#wizard-crm-id-help')).toContain('External CRM');
    expect(await page.getAttribute('html', 'lang')).toBe('ro');
  });
});
