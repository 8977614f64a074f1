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
    });
    await page.click('#settings-export');
    const message = page.locator('#transfer-message');
    await expect.poll(() => message.getAttribute('class')).toContain('ok');
    expect(await message.textContent()).toBe(
      'Your settings were saved to accolades-settings-export.json.',
    );
    expect(dialogs.shown).toEqual(['save']);
    // The page asked with no payload at all.
    expect(bridge.callsTo('exportSettings').map((call) => call.request)).toEqual([undefined]);

    const text = await readFile(join(exportDir, 'accolades-settings-export.json'), 'utf8');
    expect(text).not.toContain(PROXY_PASSWORD);
    expect(text).not.toContain(REST_PASSWORD);
    const exported = JSON.parse(text) as Record<string, Record<string, unknown>>;
    expect(exported.accolades).toMatchObject({
      crmId: DEMO_AGENT_ID,
      proxy: 'http://proxy.example.com:3128/',
    });
    expect(exported.phone).toEqual({ defaultCountry: 'MD' });
    expect(await page.isEnabled('#settings-export')).toBe(true);
    await screenshot('settings-file-exported');

    // Cancelling the dialog is not an error: the message clears, nothing else happens.
    dialogs.save = () => undefined;
    await page.click('#settings-export');
    await expect.poll(() => dialogs.shown.length).toBe(2);
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
    // In effect in the services and shown in the form without reopening the window.
    expect(services.getConfig().phone).toEqual({ defaultCountry: 'MD', internalMaxDigits: 5 });
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

  it('shows the panel in Romanian', async () => {
    const { page } = await fixture.open('settings', {
      connector: { user: { accolades: { crmId: DEMO_AGENT_ID }, ui: { language: 'ro' } } },
    });
    expect(await page.textContent('#settings-export')).toBe('Exportă setările…');
    expect(await page.textContent('#settings-import')).toBe('Importă setările…');
  });
});
