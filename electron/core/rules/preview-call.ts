// A dry run for one sample call: what the CLI `render` command prints and what the settings
// window's "live preview" shows. Opens and starts nothing.
import type { CallDirection, PhoneNumberFormats } from '../calls.js';
import type { ConnectorConfig } from '../config/schema.js';
import { normalizeIncoming } from '../phone/rewrite-number.js';
import { evaluateRules, summarizeTrace } from './evaluate-rules.js';
import type { RuleTrace } from './trace.js';

export interface SampleCall {
  rawNumber: string;
  direction: CallDirection;
  /** Defaults to config.accolades.crmId. */
  crmId?: string;
  /** The configuration answer to draw {config.*} from (parsed JSON), if any. */
  configuration?: unknown;
  /** Wall-clock ms of the call (for {time}); pass the clock's now. */
  timeMs: number;
}

export interface CallPreview {
  number: PhoneNumberFormats;
  trace: RuleTrace;
}

export function previewCall(config: ConnectorConfig, call: SampleCall): CallPreview {
  const { number, rewrite } = normalizeIncoming(call.rawNumber, config.phone);
  const trace = evaluateRules(
    config.rules,
    {
      direction: call.direction,
      number,
      crmId: call.crmId ?? config.accolades.crmId,
      timeMs: call.timeMs,
      configuration: call.configuration,
      allowHttp: config.screenPop.allowHttp,
    },
    { summary: false },
  );
  if (rewrite !== undefined) trace.rewrite = rewrite;
  trace.summary = summarizeTrace(trace);
  return { number, trace };
}
