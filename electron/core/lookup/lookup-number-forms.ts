// STAND-IN until the shared phone-format fallback (crm-presets branch) is merged: the forms of a
// number the lookup tries in turn. Pure; duplicates and empty forms are dropped, so a CRM is
// never asked twice for the same text.
import type { PhoneNumberFormats } from '../calls.js';
import type { LookupNumberFormat } from '../config/schema.js';

export function lookupNumberForms(
  number: PhoneNumberFormats,
  formats: readonly LookupNumberFormat[],
): string[] {
  const forms: string[] = [];
  for (const format of formats) {
    const form = numberIn(number, format);
    if (form !== undefined && form !== '' && !forms.includes(form)) forms.push(form);
  }
  return forms;
}

function numberIn(number: PhoneNumberFormats, format: LookupNumberFormat): string | undefined {
  switch (format) {
    case 'e164':
      return number.e164;
    case 'noplus':
      return number.e164?.slice(1);
    case 'intl00':
      return number.e164 ? `00${number.e164.slice(1)}` : undefined;
    case 'national':
      return number.national;
    case 'digits':
      return number.digits;
    case 'last9':
      return number.digits.length >= 9 ? number.digits.slice(-9) : undefined;
  }
}
