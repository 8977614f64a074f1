// The configuration as JSON Schema, for admins' editors ("$schema") and the app's settings store.
import { z } from 'zod';
import { configSchema } from './schema.js';

/** JSON Schema of a settings file (input shape: every key optional, with its default). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

/** JSON Schema of the policy file: the settings schema plus `locked` and `defaults`. */
export function policyJsonSchema(): Record<string, unknown> {
  const policySchema = configSchema.extend({
    locked: z
      .array(z.string())
      .optional()
      .describe('Dotted key paths users cannot change, e.g. "accolades.url", "rules"'),
    defaults: configSchema
      .partial()
      .optional()
      .describe('Starting values users may change; "reset" in the settings window returns here'),
  });
  return z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

/** electron-store's `schema` option: one JSON Schema per top-level key. */
export function electronStoreSchema(): Record<string, unknown> {
  const properties = configJsonSchema().properties;
  return typeof properties === 'object' && properties !== null
    ? (properties as Record<string, unknown>)
    : {};
}
