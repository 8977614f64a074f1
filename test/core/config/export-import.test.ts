import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { exportSettings, importSettings } from '../../../electron/core/config/export-import.js';
import { ConfigError } from '../../../electron/core/config/index.js';
import { configJsonSchema, policyJsonSchema } from '../../../electron/core/config/json-schema.js';

describe('export / import', () => {
  it('round-trips settings, with the version', () => {
    const settings = {
      accolades: { crmId: 'abc' },
      rules: [{ name: 'r', open: 'https://x.example.com/{e164}' }],
    };
    const text = exportSettings(settings, { includeCrmId: true });
    expect(JSON.parse(text)).toEqual({ version: 1, ...settings });
    expect(importSettings(text, 'export.json')).toEqual({ settings, skippedLocked: [] });
  });

  it('validates on import and names the field', () => {
    expect(() => importSettings('{"rest":{"password":"hunter2"}}', 'export.json')).toThrow(
      /export\.json.*rest\.password: unknown setting/,
    );
    expect(() => importSettings('{"rest":', 'export.json')).toThrow(ConfigError);
  });

  it('leaves out keys the policy locks', () => {
    const text = exportSettings(
      { accolades: { url: 'wss://a', crmId: 'b' }, rules: [] },
      { includeCrmId: true },
    );
    expect(importSettings(text, 'e', ['accolades.url', 'rules'])).toEqual({
      settings: { accolades: { crmId: 'b' } },
      skippedLocked: ['accolades.url', 'rules'],
    });
  });
});

describe('JSON Schema', () => {
  it('accepts the documented example and refuses a typo', async () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(configJsonSchema());
    const example = JSON.parse(
      await readFile(
        new URL('../../fixtures/config/example-settings.json', import.meta.url),
        'utf8',
      ),
    );
    expect(validate(example)).toBe(true);
    expect(validate({ accolades: { ulr: 'x' } })).toBe(false);
    const policy = ajv.compile(policyJsonSchema());
    expect(policy({ locked: ['rules'], rules: [] })).toBe(true);
    // The admin's changeable defaults: the same settings, typos refused by the editor too.
    expect(policy({ defaults: { screenPop: { browser: 'firefox' } } })).toBe(true);
    expect(policy({ defaults: { screenPop: { brwoser: 'firefox' } } })).toBe(false);
  });
});

describe('electron-store schema', () => {
  it('has one schema per top-level key', async () => {
    const { electronStoreSchema } = await import('../../../electron/core/config/json-schema.js');
    expect(Object.keys(electronStoreSchema())).toEqual(
      expect.arrayContaining(['accolades', 'rest', 'phone', 'screenPop', 'rules', 'tel', 'ui']),
    );
  });
});

describe('export never carries proxy credentials', () => {
  it('cuts the user name and password out of accolades.proxy', () => {
    const text = exportSettings({ accolades: { proxy: 'http://agent:s3cret@proxy.corp:3128' } });
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('agent:');
    expect(JSON.parse(text).accolades.proxy).toBe('http://proxy.corp:3128/');
  });
});
