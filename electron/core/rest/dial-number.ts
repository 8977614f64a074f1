// Which form of a number goes to REST `dial` / `sms/send` (config `rest.dialFormat`).
import type { PhoneNumberFormats } from '../calls.js';
import type { NumberFormat } from '../config/schema.js';

export function numberForRest(
  formats: Pick<PhoneNumberFormats, 'raw' | 'e164' | 'national' | 'digits'>,
  format: NumberFormat,
): string {
  switch (format) {
    case 'as-typed':
      return formats.raw.trim();
    case 'e164':
      // A number libphonenumber could not parse has no E.164 form; national is the safe fallback.
      return formats.e164 ?? formats.national;
    case 'digits':
      return formats.digits;
    default:
      return formats.national;
  }
}
