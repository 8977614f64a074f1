// Template values for one sample call, shared by the template and rule tests.
import { normalizePhone } from '../../../electron/core/phone/normalize-phone.js';
import type { TemplateValues } from '../../../electron/core/templates/template-values.js';

export const RO = { defaultCountry: 'RO', internalMaxDigits: 4 };

export function sampleValues(
  rawNumber = '0712345678',
  overrides: Partial<TemplateValues> = {},
): TemplateValues {
  return {
    direction: 'inbound',
    number: normalizePhone(rawNumber, RO),
    crmId: 'f8cb549544',
    timeMs: Date.UTC(2026, 10, 25, 9, 30, 15, 250),
    configuration: {
      agent: { crmUserId: 'u-77', name: 'Ana Pop' },
      queues: [{ name: 'Sales' }],
      active: true,
      none: null,
    },
    ...overrides,
  };
}

/** Values whose every number format is exactly `text` (for hostile-value tests). */
export function hostileValues(text: string): TemplateValues {
  return sampleValues('0712345678', {
    number: { raw: text, e164: text, national: text, digits: text, kind: 'external' },
    crmId: text,
  });
}
