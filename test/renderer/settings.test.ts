// Settings window in Chromium: first-run wizard, sections, admin locks, the rules editor with its
// live preview, and save errors placed next to their fields. Real IPC handlers and the real
// services behind them, connected to the Accolades stand-in.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENT_ID, DEMO_PASSWORD } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

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
  afterEach(async () => {
    await fixture?.closeWindows();
    // The wizard test logs the demo agent out of the stand-in; never leak that to other tests.
    fixture?.standIn.sim.setLoggedIn(DEMO_AGENT_ID, true);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('first run: asks for the CRM ID, says where to find it, saves it and shows the live connection', async () => {
    const { sim } = fixture.standIn;
    // The agent has not logged in to the Accolades Agent page yet.
    sim.setLoggedIn(DEMO_AGENT_ID, false);
    const { page, services, connector, screenshot } = await fixture.open('settings');
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

    await page.fill('#wizard-crm-id', DEMO_AGENT_ID);
    await page.press('#wizard-crm-id', 'Enter');
    await page.waitForSelector('#wizard-step-status', { state: 'visible' });
    expect(services.getConfig().accolades.crmId).toBe(DEMO_AGENT_ID);
    expect(connector.settings.saved.at(-1)).toMatchObject({
      accolades: { crmId: DEMO_AGENT_ID },
    });

    // The connection result arrives live (onStatus), in the page's words: the stand-in answers
    // ID_NOT_FOUND while the agent is logged out…
    const status = page.locator('#wizard-step-status .connection-status');
    await expect.poll(() => status.textContent()).toContain('Log in to the Accolades Agent page');
    expect(await status.getAttribute('class')).toContain('warn');
    // …and accepts the link once the agent logs in (the app reconnects at once on resume/unlock).
    sim.setLoggedIn(DEMO_AGENT_ID, true);
    services.reconnectNow();
    await expect.poll(() => status.getAttribute('data-phase')).toBe('connected');
    expect(sim.connectedCount()).toBe(1);
    expect(await status.getAttribute('class')).toContain('ok');
    await screenshot('settings-wizard-connected');

    await page.click('#wizard-finish');
    expect(await page.isVisible('#settings-form')).toBe(true);
    expect(await page.inputValue('[data-path="accolades.crmId"]')).toBe(DEMO_AGENT_ID);
  });

  it('rules editor: live preview of the exact URL and trace, a field error next to the field, reorder and save', async () => {
    const { page, bridge, services, connector, dialogs, screenshot } = await fixture.open(
      'settings',
      {
        connector: { user: { accolades: { crmId: DEMO_AGENT_ID }, rules: [CRM_RULE] } },
      },
    );
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

    // "Test" asks main's message box first, naming the program and its argv; the fixture's box
    // answers Cancel (the default button), so nothing starts and the page says why.
    const launchedBefore = connector.launched.length;
    await page.click('#preview-test');
    await expect.poll(() => page.getAttribute('#preview-test-result', 'class')).toContain('warn');
    expect(await page.textContent('#preview-test-result')).toBe(
      'Not started: you did not confirm the program, so nothing ran.',
    );
    expect(dialogs.boxes).toHaveLength(1);
    expect(`${dialogs.boxes[0]?.message} ${dialogs.boxes[0]?.detail}`).toContain('/opt/crm/crm');
    expect(connector.launched.length).toBe(launchedBefore);
    // With a yes, it runs the selected rule for real (through the services' launcher).
    dialogs.answer = (box) => (box.cancelId === 0 ? 1 : 0);
    await page.click('#preview-test');
    await expect.poll(() => page.getAttribute('#preview-test-result', 'class')).toContain('ok');
    expect(connector.launched.at(-1)).toEqual({
      kind: 'run',
      program: '/opt/crm/crm',
      args: ['--phone', '0712345678'],
    });
    expect(bridge.pageProblems).toEqual([]);
  });

  it('admin-locked keys are read-only with a lock note, and are never sent on save', async () => {
    // The admin pins the server (here: the stand-in) and the rules in a policy file.
    const { wssUrl } = fixture.standIn.sim;
    const { page, bridge, services, screenshot } = await fixture.open('settings', {
      connector: {
        user: { accolades: { crmId: DEMO_AGENT_ID } },
        policy: {
          accolades: { url: wssUrl },
          rules: [CRM_RULE],
          screenPop: { allowHttp: false },
          locked: ['accolades.url', 'rules', 'screenPop.allowHttp'],
        },
      },
    });
    const url = page.locator('[data-path="accolades.url"]');
    expect(await url.inputValue()).toBe(wssUrl);
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
    // Screen-pop behaviour: the locked switch is disabled with its note; the others stay editable.
    expect(await page.isDisabled('[data-path="screenPop.allowHttp"]')).toBe(true);
    expect(
      await page.isVisible('.field.locked:has([data-path="screenPop.allowHttp"]) .lock-note'),
    ).toBe(true);
    expect(await page.isEditable('[data-path="screenPop.dedupeWindowSeconds"]')).toBe(true);
    await screenshot('settings-locked');

    await page.fill('[data-path="accolades.crmId"]', 'abc123');
    await page.fill('[data-path="screenPop.dedupeWindowSeconds"]', '10');
    await page.fill('[data-path="screenPop.browser"]', 'firefox');
    await page.selectOption('[data-path="rest.dialFormat"]', 'e164');
    await page.click('#save');
    await expect.poll(() => page.getAttribute('#save-message', 'class')).toContain('ok');
    const sent = bridge.callsTo('saveSettings').at(-1)?.request as Record<
      string,
      Record<string, unknown>
    >;
    expect(sent.accolades).not.toHaveProperty('url');
    expect(sent).not.toHaveProperty('rules');
    expect(sent.screenPop).not.toHaveProperty('allowHttp');
    expect(services.getConfig().accolades.crmId).toBe('abc123');
    expect(services.getConfig().screenPop).toMatchObject({
      dedupeWindowSeconds: 10,
      browser: 'firefox',
      allowHttp: false,
    });
    expect(services.getConfig().rest.dialFormat).toBe('e164');
  });

  it('invalid values are explained next to their field and not saved; the password is write-only', async () => {
    const { page, bridge, services, connector } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } } },
    });
    await page.fill('[data-path="phone.defaultCountry"]', 'Romania');
    await page.fill('[data-path="phone.internalMaxDigits"]', '42');
    await page.fill('[data-path="screenPop.burst"]', '0');
    await page.click('#save');
    const countryError = page.locator('.field:has([data-path="phone.defaultCountry"]) .error');
    await expect.poll(() => countryError.textContent()).toContain('two-letter');
    expect(await page.getAttribute('[data-path="phone.defaultCountry"]', 'aria-invalid')).toBe(
      'true',
    );
    expect(
      await page.textContent('.field:has([data-path="phone.internalMaxDigits"]) .error'),
    ).not.toBe('');
    expect(await page.textContent('.field:has([data-path="screenPop.burst"]) .error')).not.toBe('');
    expect(services.getConfig().screenPop.burst).toBe(3);
    expect(services.getConfig().phone).toEqual({
      defaultCountry: 'RO',
      internalMaxDigits: 4,
      rewrite: [],
      fallbackFormats: ['e164', 'national', 'digits', 'last9'],
    });
    expect(connector.settings.saved).toEqual([]);

    expect(await page.getAttribute('#rest-password-state', 'data-stored')).toBe('false');
    // A wrong password: stored, but the stand-in's REST ping answers 401, explained in plain words.
    await page.fill('#rest-password', 's3cret-pass');
    await page.click('#rest-password-save');
    await expect.poll(() => page.getAttribute('#rest-password-state', 'data-stored')).toBe('true');
    await page.click('#test-credentials');
    const credentials = page.locator('#test-credentials-message');
    await expect.poll(() => credentials.getAttribute('class')).toContain('error');
    expect(await credentials.textContent()).toContain('Accolades refused the API password');
    expect(fixture.standIn.sim.received.rest.at(-1)).toMatchObject({ status: 401 });

    // The right one: the page never shows it again, and the stand-in accepts it.
    await page.fill('#rest-password', DEMO_PASSWORD);
    await page.click('#rest-password-save');
    await expect.poll(() => page.inputValue('#rest-password')).toBe('');
    expect(await page.getAttribute('#rest-password-state', 'data-stored')).toBe('true');
    expect(await page.content()).not.toContain(DEMO_PASSWORD);
    // Nothing the main side sent back carries the password.
    expect(
      JSON.stringify(await page.evaluate(() => window.connector?.getSettings())),
    ).not.toContain(DEMO_PASSWORD);
    await page.click('#test-credentials');
    await expect.poll(() => credentials.getAttribute('class')).toContain('ok');
    expect(fixture.standIn.sim.received.rest.at(-1)).toMatchObject({ status: 200 });
    expect(bridge.pageProblems).toEqual([]);
  });

  it('switching the language to Romanian and saving reloads the window in Romanian', async () => {
    const { page, services } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } } },
    });
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
    const { page, bridge, services } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID } } },
    });
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
    const { page } = await fixture.open('settings', {
      connector: { user: { ui: { language: 'ro' } } },
    });
    expect(await page.textContent('#wizard-title')).toBe('Bun venit în Accolades Connector');
    expect(await page.textContent('#wizard-crm-id-help')).toContain('External CRM');
    expect(await page.getAttribute('html', 'lang')).toBe('ro');
  });
});
