// The number as REST `dial` / `sms/send` should receive it (config.rest.dialFormat).
import type { PhoneNumberFormats } from '../calls.js';
import type { NumberFormat } from '../config/schema.js';

/**
 * as-typed → `raw` (for dialer input: what was typed, separators removed); national → 07…;
 * e164 → +40…, or the digits when there is no E.164 form (an internal extension);
 * digits → digits only.
 */
export function formatForDial(formats: PhoneNumberFormats, format: NumberFormat): string {
  switch (format) {
    case 'as-typed':
      return formats.raw.trim();
    case 'national':
      return formats.national;
    case 'e164':
      return formats.e164 ?? formats.digits;
    case 'digits':
      return formats.digits;
  }
}
