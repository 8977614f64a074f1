import { describe, expect, test } from 'vitest';
import { formatForDial } from '../../../electron/core/phone/format-for-dial.js';
import { isWithheldText, normalizePhone } from '../../../electron/core/phone/normalize-phone.js';

const RO = { defaultCountry: 'RO', internalMaxDigits: 4 };

describe('normalizePhone', () => {
  test.each([
    // raw, e164, national, digits, kind
    ['0712345678', '+40712345678', '0712345678', '0712345678', 'external'],
    ['0712 345 678', '+40712345678', '0712345678', '0712345678', 'external'],
    ['+40712345678', '+40712345678', '0712345678', '40712345678', 'external'],
    ['+40 712-345-678', '+40712345678', '0712345678', '40712345678', 'external'],
    ['0040712345678', '+40712345678', '0712345678', '0040712345678', 'external'],
    ['40712345678', '+40712345678', '0712345678', '40712345678', 'external'],
    ['0212345678', '+40212345678', '0212345678', '0212345678', 'external'],
    ['(021) 234.5678', '+40212345678', '0212345678', '0212345678', 'external'],
    ['0264123456', '+40264123456', '0264123456', '0264123456', 'external'],
    ['+12133734253', '+12133734253', '0012133734253', '12133734253', 'external'],
    ['+44 20 7946 0958', '+442079460958', '00442079460958', '442079460958', 'external'],
    ['101', undefined, '101', '101', 'internal'],
    ['1234', undefined, '1234', '1234', 'internal'],
    ['07123', undefined, '07123', '07123', 'invalid'],
    ['abc', undefined, '', '', 'invalid'],
    ['12ab34', undefined, '1234', '1234', 'invalid'],
    ['+', undefined, '', '', 'invalid'],
    ['*123#', undefined, '123', '123', 'invalid'],
    ['1'.repeat(64), undefined, '1'.repeat(64), '1'.repeat(64), 'invalid'],
    ['x'.repeat(64), undefined, '', '', 'invalid'],
    ['0'.repeat(65), undefined, '0'.repeat(65), '0'.repeat(65), 'invalid'],
  ])('%s', (raw, e164, national, digits, kind) => {
    expect(normalizePhone(raw, RO)).toEqual({ raw, e164, national, digits, kind });
  });

  test.each([
    '',
    '   ',
    'anonymous',
    'Anonymous',
    'ANONYMOUS',
    'withheld',
    'Private',
    'private number',
    'unknown',
    'Restricted',
    'unavailable',
    'Anonim',
    'necunoscut',
    'hidden',
  ])('withheld: %j', (raw) => {
    expect(normalizePhone(raw, RO)).toEqual({
      raw,
      e164: undefined,
      national: '',
      digits: '',
      kind: 'withheld',
    });
    expect(isWithheldText(raw)).toBe(true);
  });

  test('a word that is not a withheld marker is invalid, not withheld', () => {
    expect(normalizePhone('hello', RO).kind).toBe('invalid');
    expect(normalizePhone('unknown 123', RO).kind).toBe('invalid');
  });

  test('internalMaxDigits decides what is internal', () => {
    expect(normalizePhone('12345', { ...RO, internalMaxDigits: 5 }).kind).toBe('internal');
    expect(normalizePhone('101', { ...RO, internalMaxDigits: 0 }).kind).toBe('invalid');
    // A + always means an external number, however short.
    expect(normalizePhone('+101', RO).kind).toBe('invalid');
  });

  test('another default country', () => {
    expect(
      normalizePhone('2133734253', { defaultCountry: 'US', internalMaxDigits: 4 }),
    ).toMatchObject({
      e164: '+12133734253',
      national: '2133734253',
      kind: 'external',
    });
  });

  test('an unknown default country does not throw', () => {
    expect(normalizePhone('0712345678', { defaultCountry: 'ZZ', internalMaxDigits: 4 }).kind).toBe(
      'invalid',
    );
    expect(
      normalizePhone('+40712345678', { defaultCountry: 'ZZ', internalMaxDigits: 4 }).e164,
    ).toBe('+40712345678');
  });

  test('never throws on hostile input', () => {
    for (const raw of ['\0', '\u202e0712', '+'.repeat(64), '0712345678\n', '\ud800', '𝟘𝟟𝟙𝟚']) {
      expect(() => normalizePhone(raw, RO)).not.toThrow();
    }
  });
});

describe('the metadata set (max): a caller id that lost its +', () => {
  // With `min` metadata isValid() checks little more than the length, so these would be
  // guessed into +1 473… / +49 160… numbers that no numbering plan has; `max` checks the digits.
  test.each(['14734771524', '4916073651', '40795462'])('%s is not guessed', (raw) => {
    expect(normalizePhone(raw, RO)).toMatchObject({ kind: 'invalid', e164: undefined });
  });

  test.each([
    ['40712345678', '+40712345678', '0712345678'],
    ['12133734253', '+12133734253', '0012133734253'],
    ['442079460958', '+442079460958', '00442079460958'],
  ])('%s, a real number, is read as international', (raw, e164, national) => {
    expect({ ...normalizePhone(raw, RO) }).toMatchObject({ kind: 'external', e164, national });
  });

  test('Romanian mobiles and landlines both parse (mobile-only metadata would refuse 021…)', () => {
    expect(normalizePhone('0795462079', RO).e164).toBe('+40795462079');
    expect(normalizePhone('0213456789', RO).e164).toBe('+40213456789');
    expect(normalizePhone('0372123456', RO).e164).toBe('+40372123456');
  });
});

describe('formatForDial', () => {
  const mobile = normalizePhone('0712 345 678', RO);
  const ext = normalizePhone('101', RO);
  test.each([
    ['as-typed', mobile, '0712 345 678'],
    ['national', mobile, '0712345678'],
    ['e164', mobile, '+40712345678'],
    ['digits', mobile, '0712345678'],
    ['e164', ext, '101'],
    ['national', ext, '101'],
  ] as const)('%s', (format, formats, expected) => {
    expect(formatForDial(formats, format)).toBe(expected);
  });
});
