// Settings window, "Settings file" panel, in Chromium: Export and Import buttons through the real
// IPC handlers and the real services (connected to the Accolades stand-in). The native dialogs
// answer with files in a temp folder; the page never sends a path or file content.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENT_ID } from '../../electron/simulator/index.js';
import { chromiumMissingReason } from './harness/chromium.js';
import { startRendererFixture, type RendererFixture } from './harness/renderer-fixture.js';

const PROXY_PASSWORD = 'proxy-pw-5521';
const REST_PASSWORD = 'rest-pw-8812';

describe.skipIf(chromiumMissingReason !== undefined)('settings window: settings file', () => {
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

  it('Export writes the agent’s settings, without secrets, to the file the dialog chose', async () => {
    const { page, bridge, dialogs, exportDir, screenshot } = await fixture.open('settings', {
      connector: {
        user: {
          accolades: {
            crmId: DEMO_AGENT_ID,
            proxy: `http://agent:${PROXY_PASSWORD}@proxy.example.com:3128`,
          },
          phone: { defaultCountry: 'MD' },
        },
        restPassword: REST_PASSWORD,
      },
      section: 'transfer',
    });
    // By default the export is one to mail: the CRM ID stays out.
    expect(await page.isChecked('#export-include-crm-id')).toBe(false);
    await page.click('#settings-export');
    const message = page.locator('#transfer-message');
    await expect.poll(() => message.getAttribute('class')).toContain('ok');
    expect(await message.textContent()).toBe(
      'Your settings were saved to accolades-settings-export.json, without your CRM ID.',
    );
    expect(dialogs.shown).toEqual(['save']);
    // The page sends no path and no content: only whether to include the CRM ID.
    expect(bridge.callsTo('exportSettings').map((call) => call.request)).toEqual([
      { includeCrmId: false },
    ]);

    const file = join(exportDir, 'accolades-settings-export.json');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PROXY_PASSWORD);
    expect(text).not.toContain(REST_PASSWORD);
    expect(text).not.toContain(DEMO_AGENT_ID);
    const exported = JSON.parse(text) as Record<string, Record<string, unknown>>;
    expect(exported.accolades).toMatchObject({ proxy: 'http://proxy.example.com:3128/' });
    expect(exported.accolades).not.toHaveProperty('crmId');
    expect(exported.phone).toEqual({ defaultCountry: 'MD' });
    expect(await page.isEnabled('#settings-export')).toBe(true);
    await screenshot('settings-file-exported');

    // A copy for the agent's own other computer: tick the box.
    await page.check('#export-include-crm-id');
    await page.click('#settings-export');
    await expect
      .poll(() => message.textContent())
      .toBe('Your settings were saved to accolades-settings-export.json, with your CRM ID.');
    expect(JSON.parse(await readFile(file, 'utf8')).accolades).toMatchObject({
      crmId: DEMO_AGENT_ID,
    });

    // Cancelling the dialog is not an error: the message clears, nothing else happens.
    dialogs.save = () => undefined;
    await page.click('#settings-export');
    await expect.poll(() => dialogs.shown.length).toBe(3);
    await expect.poll(() => message.textContent()).toBe('');
  });

  it('Import applies the file at once, lists what the policy locks, and explains a broken file', async () => {
    const { wssUrl } = fixture.standIn.sim;
    const { page, services, dialogs, exportDir, connector, screenshot } = await fixture.open(
      'settings',
      {
        connector: {
          user: { accolades: { crmId: DEMO_AGENT_ID } },
          policy: { accolades: { url: wssUrl }, locked: ['accolades.url'] },
        },
        section: 'transfer',
      },
    );
    const good = join(exportDir, 'from-colleague.json');
    await writeFile(
      good,
      JSON.stringify({
        version: 1,
        accolades: { url: 'wss://elsewhere.example.com:1' },
        phone: { defaultCountry: 'MD', internalMaxDigits: 5 },
        rules: [{ name: 'Imported rule', open: 'https://crm.example.com/?n={e164}' }],
      }),
    );
    dialogs.open = () => good;
    const savesBefore = connector.settings.saved.length;

    await page.click('#settings-import');
    const message = page.locator('#transfer-message');
    await expect.poll(() => message.getAttribute('class')).toContain('ok');
    expect(await message.textContent()).toBe(
      'The settings from from-colleague.json were imported and are in effect.',
    );
    expect(await page.isVisible('#transfer-skipped')).toBe(true);
    expect(await page.textContent('#transfer-skipped')).toBe(
      'Not imported, because your administrator sets them: accolades.url.',
    );
    // Nothing that decides programs or where secrets go changed, so nothing was asked.
    expect(await page.textContent('#transfer-changes-intro')).toBe(
      'No program and no address that passwords, keys or calls go to was changed.',
    );
    expect(await page.locator('#transfer-changes li').count()).toBe(0);
    expect(dialogs.boxes).toEqual([]);
    // In effect in the services and shown in the form without reopening the window.
    expect(services.getConfig().phone).toEqual({
      defaultCountry: 'MD',
      internalMaxDigits: 5,
      rewrite: [],
      fallbackFormats: ['e164', 'national', 'digits', 'last9'],
    });
    expect(services.getConfig().accolades.url).toBe(wssUrl);
    expect(await page.inputValue('[data-path="phone.defaultCountry"]')).toBe('MD');
    expect(await page.inputValue('[data-path="rules.0.name"]')).toBe('Imported rule');
    expect(connector.settings.saved.length).toBe(savesBefore + 1);
    await screenshot('settings-file-imported');

    // A broken file: plain words naming the file and the field; nothing saved or changed.
    const broken = join(exportDir, 'broken.json');
    await writeFile(broken, JSON.stringify({ phone: { defaultCountry: 'Moldova' } }));
    dialogs.open = () => broken;
    await page.click('#settings-import');
    await expect.poll(() => message.getAttribute('class')).toContain('error');
    const error = await message.textContent();
    expect(error).toContain('The file broken.json cannot be imported; nothing was changed.');
    expect(error).toContain('phone.defaultCountry');
    expect(await page.isHidden('#transfer-skipped')).toBe(true);
    expect(services.getConfig().phone.defaultCountry).toBe('MD');
    expect(connector.settings.saved.length).toBe(savesBefore + 1);
    await screenshot('settings-file-import-error');

    // Cancelled: nothing happens, no message.
    dialogs.open = () => undefined;
    await page.click('#settings-import');
    await expect.poll(() => message.textContent()).toBe('');
    expect(connector.settings.saved.length).toBe(savesBefore + 1);
  });

  it('Import of a file with a program asks in main first: Cancel keeps everything, yes applies, both said in plain words', async () => {
    const { page, services, dialogs, exportDir, connector, screenshot } = await fixture.open(
      'settings',
      { connector: { user: { accolades: { crmId: DEMO_AGENT_ID } } }, section: 'transfer' },
    );
    const risky = join(exportDir, 'from-a-stranger.json');
    await writeFile(
      risky,
      JSON.stringify({
        version: 1,
        rules: [
          {
            name: 'Desk app',
            run: { program: '/usr/local/bin/not-the-crm', args: ['--sync', '{e164}'] },
          },
        ],
        rest: { baseUrl: 'https://collector.example.net' },
        phone: { defaultCountry: 'MD' },
      }),
    );
    dialogs.open = () => risky;
    const savesBefore = connector.settings.saved.length;
    const message = page.locator('#transfer-message');
    const changes = page.locator('#transfer-changes li');

    // The fixture's box answers with its default button, Cancel.
    await page.click('#settings-import');
    await expect.poll(() => message.getAttribute('class')).toContain('warn');
    expect(await message.textContent()).toBe(
      'Import cancelled: nothing from from-a-stranger.json was applied and nothing was changed.',
    );
    expect(await page.textContent('#transfer-changes-intro')).toBe(
      'The file would have made these changes:',
    );
    const listed = await changes.allTextContents();
    expect(listed.join('\n')).toContain('/usr/local/bin/not-the-crm');
    expect(listed.join('\n')).toContain('https://collector.example.net');
    expect(dialogs.boxes).toHaveLength(1);
    expect(connector.settings.saved.length).toBe(savesBefore);
    expect(services.getConfig().rules).toEqual([]);
    expect(services.getConfig().phone.defaultCountry).toBe('RO');
    await screenshot('settings-file-import-declined');

    // The agent reads the list and says yes.
    dialogs.answer = (box) => (box.cancelId === 0 ? 1 : 0);
    await page.click('#settings-import');
    await expect.poll(() => message.getAttribute('class')).toContain('ok');
    expect(await message.textContent()).toBe(
      'The settings from from-a-stranger.json were imported and are in effect.',
    );
    expect(await page.textContent('#transfer-changes-intro')).toBe('You approved these changes:');
    expect((await changes.allTextContents()).join('\n')).toContain('/usr/local/bin/not-the-crm');
    expect(services.getConfig().rules[0]?.run?.program).toBe('/usr/local/bin/not-the-crm');
    expect(services.getConfig().rest.baseUrl).toBe('https://collector.example.net');
    expect(await page.inputValue('[data-path="rules.0.name"]')).toBe('Desk app');
    expect(connector.settings.saved.length).toBe(savesBefore + 1);
    await screenshot('settings-file-import-approved');
  });

  it('shows the panel in Romanian', async () => {
    const { page } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID }, ui: { language: 'ro' } } },
      section: 'transfer',
    });
    expect(await page.textContent('#settings-export')).toBe('Exportă setările…');
    expect(await page.textContent('#settings-import')).toBe('Importă setările…');
    expect(await page.textContent('label[for="export-include-crm-id"]')).toBe(
      'Include și ID-ul meu CRM (doar pentru o copie pentru mine)',
    );
  });
});
