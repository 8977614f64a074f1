// The settings window's live preview of one rule: the exact URL/argv for a sample number, the
// trace, and every problem, in the shapes the rules editor shows. Pure: launches nothing.
import { ruleSchema, type ConnectorConfig, type ScreenPopRule } from '../core/config/schema.js';
import type { Connector } from '../core/connector.js';
import { ruleProblemField } from '../core/config-checks.js';
import { checkRule } from '../core/rules/check-rule.js';
import type { FieldError, Result, RulePreview, RuleTestRequest } from '../shared/ipc-contract.js';
import { plannedAction, traceSteps } from './history-view.js';

export type ParsedRule = { ok: true; rule: ScreenPopRule } | { ok: false; errors: FieldError[] };

export function parseRule(input: unknown): ParsedRule {
  const parsed = ruleSchema.safeParse(input);
  if (parsed.success) return { ok: true, rule: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    })),
  };
}

export function previewRule(
  connector: Connector,
  config: ConnectorConfig,
  request: RuleTestRequest,
): Result<{ preview: RulePreview }> {
  const parsed = parseRule(request.rule);
  if (!parsed.ok) {
    const error = parsed.errors.map((e) => e.message).join(' ');
    return { ok: false, code: 'invalid', error, errors: parsed.errors };
  }
  const rule = parsed.rule;
  // checkRule prefixes its messages with the part they are about (the loader reads them the
  // same way): "run.program", "numberPattern", … relative to the rule.
  const problems: FieldError[] = checkRule(rule, { allowHttp: config.screenPop.allowHttp }).map(
    (message) => ({
      path: ruleProblemField(message)
        .field.replace(/^\./, '')
        .replace(/\[(\d+)\]/g, '.$1'),
      message,
    }),
  );
  const { number, trace } = connector.preview(request.sampleNumber, request.direction, {
    ...config,
    rules: [rule],
  });
  for (const action of trace.actions) {
    if (!action.ok) problems.push({ path: action.kind, message: action.error });
  }
  return {
    ok: true,
    preview: {
      number,
      direction: request.direction,
      trace: traceSteps(trace),
      actions: trace.actions.flatMap((action) => plannedAction(action) ?? []),
      problems,
      pop: rule.pop,
      ...(trace.rewrite !== undefined ? { rewrite: trace.rewrite } : {}),
    },
  };
}
