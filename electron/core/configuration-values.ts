// The Accolades configuration answer as templates see it: `{config.agent.x}` reads the parsed
// JSON when the admin stored JSON, the raw value otherwise.
import type { ConfigurationAnswer } from './connection/connection-events.js';

export interface TemplateConfiguration {
  account: unknown;
  phone: unknown;
  agent: unknown;
}

export function configurationForTemplates(
  answer: ConfigurationAnswer | undefined,
): TemplateConfiguration | undefined {
  if (!answer) return undefined;
  const pick = (v: { value: unknown; json?: unknown }): unknown =>
    v.json !== undefined ? v.json : v.value;
  return { account: pick(answer.account), phone: pick(answer.phone), agent: pick(answer.agent) };
}
