// The national form of an external number is worked out on first read (after the pop): it
// must read, spread, serialize, compare and assign exactly like a plain field.
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../electron/core/phone/normalize-phone.js';

const RO = { defaultCountry: 'RO', internalMaxDigits: 4 };

describe('lazy national form', () => {
  it('reads, spreads, serializes and compares like a plain field', () => {
    const number = normalizePhone('+1 213 373 4253', RO);
    expect(JSON.parse(JSON.stringify(number))).toEqual({
      raw: '+1 213 373 4253',
      e164: '+12133734253',
      national: '0012133734253',
      digits: '12133734253',
      kind: 'external',
    });
    expect({ ...normalizePhone('0712345678', RO) }.national).toBe('0712345678');
    expect(Object.keys(number)).toEqual(['raw', 'e164', 'national', 'digits', 'kind']);
  });

  it('can be assigned, and still answers once the object is frozen', () => {
    const number = normalizePhone('0712345678', RO);
    number.national = 'x';
    expect(number.national).toBe('x');
    const frozen = Object.freeze(normalizePhone('0712345678', RO));
    expect(frozen.national).toBe('0712345678');
    expect(structuredClone(normalizePhone('0712345678', RO)).national).toBe('0712345678');
  });
});
