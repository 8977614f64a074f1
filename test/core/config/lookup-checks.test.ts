import { describe, expect, it } from 'vitest';
import { configChecks } from '../../../electron/core/config-checks.js';
import { resolveLayers } from '../../../electron/core/config/layers.js';
describe('caller-name lookup checks', () => {
  it('refuses a lookup URL that breaks the template rules, naming the field', () => {
    expect(() =>
      resolveLayers({
        user: {
          name: 'settings.json',
          values: { lookup: { url: 'http://crm.example.com/?n={e164}' } },
        },
        checks: configChecks,
      }),
    ).toThrow(/settings\.json.*lookup\.url/s);
    expect(() =>
      resolveLayers({
        user: {
          name: 'settings.json',
          values: { lookup: { url: 'https://{number}.example.com/' } },
        },
        checks: configChecks,
      }),
    ).toThrow(/lookup\.url/);
    const ok = resolveLayers({
      user: {
        name: 'settings.json',
        values: { lookup: { url: 'https://crm.example.com/api?n={e164}' } },
      },
      checks: configChecks,
    });
    expect(ok.config.lookup.url).toBe('https://crm.example.com/api?n={e164}');
  });
});
