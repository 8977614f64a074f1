// phone.rewrite (ordered regex → replacement before normalisation), {last<N>} placeholders and
// the fallback list of forms a lookup tries in turn.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configChecks } from '../../../electron/core/config-checks.js';
import { ConfigError, configSchema, loadConfig } from '../../../electron/core/config/index.js';
import { normalizePhone } from '../../../electron/core/phone/normalize-phone.js';
import { numberFormsToTry } from '../../../electron/core/phone/number-fallbacks.js';
import {
  normalizeIncoming,
  rewriteNumber,
  type NumberRewrite,
} from '../../../electron/core/phone/rewrite-number.js';
import { previewCall } from '../../../electron/core/rules/preview-call.js';
import { renderUrl } from '../../../electron/core/templates/url-template.js';
import { sampleValues } from '../templates/sample-values.js';

const RO = { defaultCountry: 'RO', internalMaxDigits: 4 };

describe('numberFormsToTry', () => {
  it('gives 0721 234 567, +40721234567 and 0040721234567 the same forms, in the default order', () => {
    const expected = [
      { format: 'e164', value: '+40721234567' },
      { format: 'national', value: '0721234567' },
      { format: 'digits', value: '40721234567' },
      { format: 'last9', value: '721234567' },
    ];
    for (const raw of ['0721 234 567', '+40721234567', '0040721234567', '+40 (721) 234-567']) {
      expect(numberFormsToTry(normalizePhone(raw, RO)), raw).toEqual(expected);
    }
  });

  it('follows the configured order, drops repeated values and forms the number lacks', () => {
    const number = normalizePhone('0721234567', RO);
    expect(numberFormsToTry(number, ['last9', 'national', 'intl00', 'noplus', 'digits'])).toEqual([
      { format: 'last9', value: '721234567' },
      { format: 'national', value: '0721234567' },
      { format: 'intl00', value: '0040721234567' },
      { format: 'noplus', value: '40721234567' },
    ]);
    const internal = normalizePhone('123', RO);
    expect(numberFormsToTry(internal)).toEqual([{ format: 'national', value: '123' }]);
    expect(numberFormsToTry(normalizePhone('anonymous', RO))).toEqual([]);
  });
});

describe('{last<N>} placeholders', () => {
  it('{last9} gives the last nine digits of every Romanian form', () => {
    for (const raw of ['0721 234 567', '+40721234567', '0040721234567']) {
      expect(
        renderUrl('https://crm.acme.ro/s?q={last9}', sampleValues(raw), { allowHttp: false }),
      ).toEqual({ ok: true, url: 'https://crm.acme.ro/s?q=721234567' });
    }
  });

  it('{last9} of a short number gives all its digits; of no digits, a clear error', () => {
    expect(
      renderUrl('https://crm.acme.ro/s?q={last9}', sampleValues('123'), { allowHttp: false }),
    ).toEqual({ ok: true, url: 'https://crm.acme.ro/s?q=123' });
    expect(
      renderUrl('https://crm.acme.ro/s?q={last15}', sampleValues('0721234567'), {
        allowHttp: false,
      }),
    ).toEqual({ ok: true, url: 'https://crm.acme.ro/s?q=0721234567' });
    const none = renderUrl('https://crm.acme.ro/s?q={last9}', sampleValues('anonymous'), {
      allowHttp: false,
    });
    expect(none).toEqual({ ok: false, error: 'The number "anonymous" has no digits.' });
  });

  it('N outside 1..15 and a format after {last9} are refused when the rule is saved', () => {
    const values = sampleValues('0721234567');
    for (const template of [
      'https://x.ro/{last0}',
      'https://x.ro/{last16}',
      'https://x.ro/{last9|e164}',
    ]) {
      const result = renderUrl(template, values, { allowHttp: false });
      expect(result.ok, template).toBe(false);
    }
  });
});

describe('phone.rewrite', () => {
  const rewrite = (rules: NumberRewrite[], raw: string) =>
    normalizeIncoming(raw, { ...RO, rewrite: rules });

  it('applies in order, each to the previous result, before normalisation', () => {
    const dropPrefix = { pattern: '^9', replacement: '' };
    const intl = { pattern: '^00', replacement: '+' };
    expect(rewriteNumber('9 0040 721 234 567', [dropPrefix, intl])).toEqual({
      text: '+40721234567',
      applied: [1, 2],
    });
    // The other order: "^00" does not match "900…", then the 9 is dropped and 00 stays.
    expect(rewriteNumber('9 0040 721 234 567', [intl, dropPrefix])).toEqual({
      text: '0040721234567',
      applied: [2],
    });
    const result = rewrite([dropPrefix, intl], '90040721234567');
    expect(result.number.e164).toBe('+40721234567');
    expect(result.rewrite).toBe(
      '"90040721234567" was rewritten to "+40721234567" by rewrite rules 1, 2.',
    );
  });

  it('groups: a switch that sends 40721234567 without + is fixed', () => {
    const result = rewrite([{ pattern: '^40(7\\d{8})$', replacement: '0$1' }], '40721234567');
    expect(result.number.national).toBe('0721234567');
    expect(result.number.raw).toBe('0721234567');
  });

  it('a rewrite that empties the number keeps the number as received and says so', () => {
    const result = rewrite([{ pattern: '^\\+?\\d+$', replacement: '' }], '+40721234567');
    expect(result.number.e164).toBe('+40721234567');
    expect(result.rewrite).toBe(
      'Rewrite rule 1 made "+40721234567" empty; the number as received was used.',
    );
  });

  it('a rewrite that makes the number invalid keeps the number as received and says so', () => {
    const result = rewrite([{ pattern: '^0', replacement: '+999' }], '0721234567');
    expect(result.number.e164).toBe('+40721234567');
    expect(result.rewrite).toContain(
      'which is not a phone number; the number as received was used',
    );
  });

  it('withheld numbers and numbers longer than the bound are not rewritten', () => {
    expect(rewrite([{ pattern: '^a', replacement: '1' }], 'anonymous').rewrite).toBeUndefined();
    const long = rewrite([{ pattern: '^0', replacement: '' }], '0'.repeat(40));
    expect(long.rewrite).toContain('longer than the 32 characters');
  });

  it('the pop still happens with the original number, and the trace says why', () => {
    const config = configSchema.parse({
      phone: { rewrite: [{ pattern: '^.*$', replacement: '' }] },
      rules: [{ preset: 'hubspot', inputs: { portalId: '12345678' } }],
    });
    const { trace } = previewCall(config, {
      rawNumber: '0721 234 567',
      direction: 'inbound',
      timeMs: 0,
    });
    expect(trace.actions).toEqual([
      expect.objectContaining({
        ok: true,
        url: 'https://app.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query=%2B40721234567',
      }),
    ]);
    expect(trace.rewrite).toBe(
      'Rewrite rule 1 made "0721 234 567" empty; the number as received was used.',
    );
    expect(trace.summary).toContain(trace.rewrite);
  });
});

describe('phone.rewrite in a config file', () => {
  async function load(value: unknown): Promise<ConfigError | undefined> {
    const dir = await mkdtemp(path.join(tmpdir(), 'acc-rewrite-'));
    try {
      const file = path.join(dir, 'settings.json');
      await writeFile(file, JSON.stringify(value));
      await loadConfig({ userFile: file, policyFile: null, checks: configChecks });
      return undefined;
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('refuses a ReDoS pattern at load, naming phone.rewrite[i].pattern', async () => {
    const error = await load({
      phone: {
        rewrite: [
          { pattern: '^0', replacement: '+40' },
          { pattern: '(\\d+)+$', replacement: '' },
        ],
      },
    });
    expect(error?.issues.map((i) => i.path)).toEqual(['phone.rewrite[1].pattern']);
    expect(error?.message).toContain('repeated group may not contain a quantifier');
  });

  it('refuses a replacement with letters and an unknown fallback format, naming each', async () => {
    const error = await load({
      phone: {
        rewrite: [{ pattern: '^0', replacement: 'x$1' }],
        fallbackFormats: ['e164', 'last99'],
      },
    });
    expect(error?.issues.map((i) => i.path)).toEqual([
      'phone.rewrite[0].replacement',
      'phone.fallbackFormats[1]',
    ]);
  });

  it('refuses a pattern that is not a regular expression', async () => {
    const error = await load({ phone: { rewrite: [{ pattern: '(', replacement: '' }] } });
    expect(error?.issues.map((i) => i.path)).toEqual(['phone.rewrite[0].pattern']);
    expect(error?.message).toContain('not a valid regular expression');
  });

  it('accepts a good list', async () => {
    expect(
      await load({
        phone: { rewrite: [{ pattern: '^0040', replacement: '+40' }], fallbackFormats: ['last9'] },
      }),
    ).toBeUndefined();
  });
});
