import { describe, expect, test } from 'vitest';
import { formatForDial } from '../../../electron/core/phone/format-for-dial.js';
import { parseDialInput } from '../../../electron/core/phone/parse-dial-input.js';

const RO = { defaultCountry: 'RO', internalMaxDigits: 4 };

describe('parseDialInput accepts what agents type or paste', () => {
  test.each([
    ['0712 345 678', '0712345678', '+40712345678'],
    ['0712-345-678', '0712345678', '+40712345678'],
    ['0712.345.678', '0712345678', '+40712345678'],
    ['(0712) 345 678', '0712345678', '+40712345678'],
    ['  +40 712 345 678  ', '+40712345678', '+40712345678'],
    ['0040 712 345 678', '0040712345678', '+40712345678'],
    ['+40\u00a0712\u00a0345\u00a0678', '+40712345678', '+40712345678'],
    ['tel:+40712345678', '+40712345678', '+40712345678'],
    ['callto:0712345678', '0712345678', '+40712345678'],
    ['tel:%2B40712345678', '+40712345678', '+40712345678'],
    ['+1 (213) 373-4253', '+12133734253', '+12133734253'],
  ])('%j', (text, asTyped, e164) => {
    const result = parseDialInput(text, RO);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.formats.raw).toBe(asTyped);
    expect(result.formats.e164).toBe(e164);
    expect(formatForDial(result.formats, 'as-typed')).toBe(asTyped);
  });

  test('an internal extension can be dialled', () => {
    const result = parseDialInput('101', RO);
    expect(result).toMatchObject({ ok: true, formats: { kind: 'internal', national: '101' } });
  });
});

describe('parseDialInput says why something is not a number', () => {
  test.each([
    ['', /empty/],
    ['   ', /empty/],
    ['tel:', /empty/],
    ['John Smith', /letters/],
    ['0712abc678', /letters \("a"\)/],
    ['0712345678 ext 12', /letters/],
    ['0712#345', /"#"/],
    ['07+12345678', /\+ can only come at the very start/],
    ['++40712345678', /\+ can only come/],
    ['---', /no digits/],
    ['1234567890123456789', /Too many digits/],
    ['07123', /too short for RO|not a valid/],
    ['071234567890', /too long for RO|not a valid/],
    ['+999 123 456', /country code|not a valid/],
    ['x'.repeat(200), /too long to be a phone number/],
  ])('%j', (text, reason) => {
    const result = parseDialInput(text, RO);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(reason);
  });

  test('never throws', () => {
    for (const text of ['%', 'tel:%E0%A4%A', '\0', '\ud800', '+'.repeat(64)]) {
      expect(() => parseDialInput(text, RO)).not.toThrow();
    }
  });
});
