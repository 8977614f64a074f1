// The checks of a merged configuration that need the modules above config/: each screen-pop
// rule's templates, pattern and program (rules/), and the caller-name lookup URL (lookup/). The
// CLI and the app pass `configChecks` to loadConfig / resolveLayers; config/ itself imports
// neither module.
import type { ConfigCheck } from './config/layers.js';
import type { ScreenPopRule } from './config/schema.js';
import type { ConfigIssue } from './config/config-error.js';
import { lookupConfigProblems } from './lookup/lookup-config.js';
import { checkRule } from './rules/check-rule.js';
import { rewriteProblem } from './phone/rewrite-number.js';

export type RuleChecker = (rule: ScreenPopRule, options: { allowHttp: boolean }) => string[];

/** Every rule through `checker` (tests pass their own), each problem at the field it concerns. */
export function ruleChecks(checker: RuleChecker = checkRule): ConfigCheck {
  return (config, fileOf) => {
    const file = fileOf('rules');
    const issues: ConfigIssue[] = [];
    config.rules.forEach((rule, index) => {
      for (const message of checker(rule, { allowHttp: config.screenPop.allowHttp })) {
        const { field, text } = ruleProblemField(message);
        issues.push({
          file,
          path: `rules[${index}]${field}`,
          message: `rule "${rule.name}": ${text}`,
        });
      }
    });
    return issues;
  };
}

/** The caller-name lookup URL follows the same template rules as screen-pop URLs. */
export const lookupCheck: ConfigCheck = (config, fileOf) =>
  lookupConfigProblems(config.lookup, config.screenPop.allowHttp).map((message) => {
    const [path = 'lookup', ...rest] = message.split(': ');
    return { file: fileOf(path), path, message: rest.join(': ') };
  });

/** phone.rewrite patterns are admin patterns: refused unless provably fast (pattern-safety.ts). */
export const phoneRewriteCheck: ConfigCheck = (config, fileOf) =>
  config.phone.rewrite.flatMap((rewrite, index) => {
    const message = rewriteProblem(rewrite);
    if (!message) return [];
    const field = message.startsWith('The replacement') ? 'replacement' : 'pattern';
    const path = `phone.rewrite[${index}].${field}`;
    return [{ file: fileOf('phone.rewrite'), path, message }];
  });

/** What the app and the CLI check: the real rule checks, the lookup URL and number rewrites. */
export const configChecks: readonly ConfigCheck[] = [ruleChecks(), lookupCheck, phoneRewriteCheck];

/** checkRule prefixes its problems with the part of the rule they concern; turn that into a field. */
export function ruleProblemField(message: string): { field: string; text: string } {
  if (message.startsWith('URL: ')) return { field: '.open', text: message.slice(5) };
  if (message.startsWith('Program: ')) {
    const text = message.slice(9);
    // "The program …" is about run.program, "Argument 2 …" about run.args[1].
    if (text.startsWith('The program')) return { field: '.run.program', text };
    const arg = /^Argument (\d+)\b/.exec(text);
    if (arg) return { field: `.run.args[${Number(arg[1]) - 1}]`, text };
    return { field: '.run', text };
  }
  if (/number pattern/i.test(message)) return { field: '.numberPattern', text: message };
  return { field: '', text: message };
}
