// What an agent typed, turned into exactly what REST `dial` / `sms/send` receives: the one place
// that parses dialer input and applies `rest.dialFormat`, so the preview in the dialer, click2call
// and SMS can never disagree about the number.
import type { PhoneNumberFormats } from '../calls.js';
import type { NumberFormat } from '../config/schema.js';
import { formatForDial } from './format-for-dial.js';
import type { PhoneOptions } from './normalize-phone.js';
import { parseDialInput } from './parse-dial-input.js';

export type NumberToDial =
  | { ok: true; formats: PhoneNumberFormats; /** As sent to Accolades. */ sent: string }
  | { ok: false; reason: string };

export function numberToDial(
  text: string,
  config: { phone: PhoneOptions; rest: { dialFormat: NumberFormat } },
): NumberToDial {
  const parsed = parseDialInput(text, config.phone);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    formats: parsed.formats,
    sent: formatForDial(parsed.formats, config.rest.dialFormat),
  };
}
