// Problems with one screen-pop rule, in words the settings UI and the config loader can show.
// The config loader calls exactly this for each rule; the settings window calls it on save.
import type { ScreenPopRule } from '../config/schema.js';
import { checkProgramTemplate } from '../templates/program-template.js';
import { checkUrlTemplate, type UrlPolicy } from '../templates/url-template.js';
import { compileNumberPattern } from './number-pattern.js';

export function checkRule(rule: ScreenPopRule, policy: UrlPolicy): string[] {
  const problems: string[] = [];
  if (rule.numberPattern !== undefined && rule.numberPattern !== '') {
    const compiled = compileNumberPattern(rule.numberPattern);
    if (!compiled.ok) problems.push(compiled.error);
  }
  if (rule.open === undefined && rule.run === undefined) {
    problems.push('The rule has nothing to do: give it a URL to open or a program to run.');
  }
  if (rule.open !== undefined) {
    for (const problem of checkUrlTemplate(rule.open, policy)) problems.push(`URL: ${problem}`);
  }
  if (rule.run !== undefined) {
    for (const problem of checkProgramTemplate(rule.run)) problems.push(`Program: ${problem}`);
  }
  return problems;
}
