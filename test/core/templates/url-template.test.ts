import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  checkUrlTemplate,
  MAX_URL_LENGTH,
  renderUrl,
} from '../../../electron/core/templates/url-template.js';
import { hostileValues, sampleValues } from './sample-values.js';

const HTTPS = { allowHttp: false };
const HTTP_OK = { allowHttp: true };

describe('checkUrlTemplate refuses', () => {
  test.each([
    ['', /empty/],
    [' https://crm.example.com/', /spaces/],
    ['javascript:alert({number})', /javascript: links are refused/],
    ['JavaScript:alert(1)', /javascript: links are refused/],
    ['file:///etc/passwd?{number}', /file: links are refused/],
    ['data:text/html,{number}', /data: links are refused/],
    ['smb://server/share/{number}', /smb: links are refused/],
    ['ms-msdt:/id PCWDiagnostic {number}', /ms-msdt: links are refused/],
    ['vbscript:msgbox({number})', /vbscript: links are refused/],
    ['tel:{e164}', /tel: links are refused/],
    ['crm.example.com/?q={e164}', /no scheme|refused/],
    ['http://crm.example.com/?q={e164}', /http: links are refused; use https:/],
    ['https:crm.example.com/{e164}', /must start with https:\/\//],
    ['https://{config.host}/contacts', /in the scheme, user, host or port/],
    ['https://crm.example.com{e164}', /in the scheme, user, host or port/],
    ['https://crm.example.com:{digits}/', /in the scheme, user, host or port/],
    ['https://{crmId}@crm.example.com/', /in the scheme, user, host or port/],
    ['https://user:{crmId}@crm.example.com/', /in the scheme, user, host or port/],
    ['https://crm.example.com@{e164}/', /in the scheme, user, host or port/],
    ['https://user:secret@crm.example.com/?q={e164}', /user name or password/],
    ['{number}', /no scheme|refused/],
    ['https:///path?{e164}', /host|not a valid/],
    ['https://crm.example.com/?q={phone}', /Unknown placeholder \{phone\}/],
    ['https://crm.example.com/?q={e164|bogus}', /Unknown format "bogus"/],
    ['https://crm.example.com/?q={e164', /not closed/],
    [`https://crm.example.com/${'x'.repeat(2100)}?q={e164}`, /longer than 2081/],
  ])('%j', (template, problem) => {
    const problems = checkUrlTemplate(template, HTTPS);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join(' ')).toMatch(problem);
  });

  test('accepts https templates with placeholders in path, query and fragment', () => {
    for (const template of [
      'https://crm.example.com/contacts?phone={e164}',
      'https://crm.example.com:8443/c/{national}/view?q={number|e164}&t={time|epoch}#{crmId}',
      'https://crm.example.com/search/{config.agent.crmUserId}',
      'https://crm.example.com/{{literal}}?q={digits|last9}',
    ]) {
      expect(checkUrlTemplate(template, HTTPS)).toEqual([]);
    }
  });

  test('http: only when the admin allows it', () => {
    expect(checkUrlTemplate('http://crm.local/?q={e164}', HTTP_OK)).toEqual([]);
    expect(checkUrlTemplate('ftp://crm.local/?q={e164}', HTTP_OK).join(' ')).toMatch(
      /only https: and http:/,
    );
  });
});

describe('renderUrl', () => {
  test('the + of E.164 never becomes a space', () => {
    const result = renderUrl(
      'https://crm.example.com/contacts?phone={e164}',
      sampleValues(),
      HTTPS,
    );
    expect(result).toEqual({
      ok: true,
      url: 'https://crm.example.com/contacts?phone=%2B40712345678',
    });
    if (result.ok) expect(new URL(result.url).searchParams.get('phone')).toBe('+40712345678');
  });

  test('values are encoded in the path, query and fragment', () => {
    const values = hostileValues('a b&c=d#e?f/g+h');
    const result = renderUrl(
      'https://crm.example.com/c/{number}?q={number}#{number}',
      values,
      HTTPS,
    );
    expect(result).toEqual({
      ok: true,
      url: 'https://crm.example.com/c/a%20b%26c%3Dd%23e%3Ff%2Fg%2Bh?q=a%20b%26c%3Dd%23e%3Ff%2Fg%2Bh#a%20b%26c%3Dd%23e%3Ff%2Fg%2Bh',
    });
  });

  test('config fields and formats render', () => {
    const result = renderUrl(
      'https://crm.example.com/u/{config.agent.crmUserId}?n={national}&d={direction}&t={time|date}',
      sampleValues(),
      HTTPS,
    );
    expect(result).toEqual({
      ok: true,
      url: 'https://crm.example.com/u/u-77?n=0712345678&d=inbound&t=2026-11-25',
    });
  });

  test.each(['..', '.'])(
    'a %j path segment is refused: the URL parser would drop or climb it',
    (value) => {
      const result = renderUrl('https://crm.example.com/a/b/{number}', hostileValues(value), HTTPS);
      expect(result).toMatchObject({ ok: false, error: /path segment/ });
    },
  );

  test.each(['%2e%2e', '.%2E', '...', 'a..b'])('%j stays a literal path segment', (value) => {
    const result = renderUrl('https://crm.example.com/a/b/{number}', hostileValues(value), HTTPS);
    expect(result.ok).toBe(true);
    if (result.ok) expect(decodeURIComponent(new URL(result.url).pathname)).toBe(`/a/b/${value}`);
  });

  test('refuses a template that fails its check, and missing values', () => {
    expect(renderUrl('javascript:alert({number})', sampleValues(), HTTPS)).toMatchObject({
      ok: false,
      error: /javascript:/,
    });
    expect(
      renderUrl('https://crm.example.com/?q={e164}', sampleValues('anonymous'), HTTPS),
    ).toMatchObject({
      ok: false,
      error: /no international/,
    });
  });

  test(`refuses links longer than ${MAX_URL_LENGTH} characters`, () => {
    const values = sampleValues('0712345678', { configuration: { long: 'x'.repeat(2100) } });
    expect(renderUrl('https://crm.example.com/?q={config.long}', values, HTTPS)).toMatchObject({
      ok: false,
      error: /characters long; the limit is 2081/,
    });
  });

  const templates = [
    'https://crm.example.com/c/{number}',
    'https://crm.example.com/c/x{number}y/z',
    'https://crm.example.com:8443/search?q={number}&x=1',
    'https://crm.example.com/#/contact/{number}',
    'http://10.0.0.5/c?q={number}#{number}',
  ];

  test('property: hostile values never change the scheme or origin, and decode back exactly', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      // Any UTF-16 code units, lone surrogates included (fast-check's 'binary' unit is slow).
      fc
        .array(
          fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
          { maxLength: 80 },
        )
        .map((a) => a.join('')),
      fc.string({
        unit: fc.constantFrom(
          '%',
          '/',
          '\\',
          '.',
          '?',
          '#',
          '&',
          '=',
          '+',
          ' ',
          '@',
          ':',
          '[',
          ']',
        ),
        maxLength: 12,
      }),
      fc.constantFrom(
        '@evil.example',
        '//evil.example/x',
        '\\\\evil.example\\x',
        'https://evil.example',
        'javascript:alert(1)',
        '%00%0d%0a',
        '\u0000\r\n\t',
        '../../admin',
        '.',
        '..',
        '?a=b&c=d#frag',
        '+40 712 345 678',
        '\u202eevil',
        ':443@evil.example',
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...templates), hostile, (template, value) => {
        const policy = HTTP_OK;
        const expectedOrigin = new URL(template.replace(/\{number\}/g, 'x')).origin;
        const result = renderUrl(template, hostileValues(value), policy);
        if (!result.ok) {
          // Refusing is allowed only for the two documented reasons.
          expect(result.error).toMatch(/path segment|characters long/);
          return;
        }
        const url = new URL(result.url);
        expect(url.origin).toBe(expectedOrigin);
        expect(url.protocol).toBe(new URL(expectedOrigin).protocol);
        expect(result.url.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
        const expected = wellFormed(value);
        if (template.endsWith('/c/{number}')) {
          expect(decodeURIComponent(url.pathname.slice('/c/'.length))).toBe(expected);
        } else if (template.includes('x{number}y')) {
          expect(decodeURIComponent(url.pathname)).toBe(`/c/x${expected}y/z`);
        } else if (template.includes('search?q=')) {
          expect(url.searchParams.get('q')).toBe(expected);
          expect(url.searchParams.get('x')).toBe('1');
        } else if (template.includes('#/contact/')) {
          expect(decodeURIComponent(url.hash)).toBe(`#/contact/${expected}`);
        } else {
          expect(url.searchParams.get('q')).toBe(expected);
          expect(decodeURIComponent(url.hash.slice(1))).toBe(expected);
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});

/** String.prototype.toWellFormed (ES2024): lone surrogates become U+FFFD, as the renderer does. */
function wellFormed(value: string): string {
  return value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}
