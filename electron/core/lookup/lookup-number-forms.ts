// The forms of a number the lookup tries in turn: the shared fallback list of phone/ (the same
// names as phone.fallbackFormats), as plain values. Kept as the lookup's one entry point so the
// lookup does not depend on how phone/ names its forms.
import type { PhoneNumberFormats } from '../calls.js';
import { numberFormsToTry } from '../phone/number-fallbacks.js';

export function lookupNumberForms(
  number: PhoneNumberFormats,
  formats: readonly string[],
): string[] {
  return numberFormsToTry(number, formats).map((form) => form.value);
}
