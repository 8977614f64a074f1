// One error type for every configuration problem, so the CLI (exit 2), the doctor and the
// settings window can show the same readable text: which file, which field, what is wrong.
import type { z } from 'zod';

export interface ConfigIssue {
  /** The file (or a name such as "settings" or "command-line flags") the value came from. */
  file: string;
  /** Field path such as `rules[2].open`; empty for the whole file. */
  path: string;
  /** What is wrong, in plain words. */
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.issues = issues;
  }

  /** The first file named, for callers that show one file. */
  get file(): string {
    return this.issues[0]?.file ?? '';
  }
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  if (issues.length === 0) return 'Invalid configuration.';
  const files = [...new Set(issues.map((i) => i.file))];
  const describe = (i: ConfigIssue): string => (i.path ? `${i.path}: ${i.message}` : i.message);
  if (issues.length === 1) {
    const only = issues[0]!;
    return `Configuration "${only.file}": ${describe(only)}`;
  }
  const lines = issues.map((i) => `  - ${files.length > 1 ? `"${i.file}" ` : ''}${describe(i)}`);
  const where = files.length === 1 ? `"${files[0]}"` : `${files.length} files`;
  return `Configuration ${where} has ${issues.length} problems:\n${lines.join('\n')}`;
}

/** `['rules', 2, 'open']` → `rules[2].open`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turn zod's issues into ours; unknown keys get their own path so the admin sees the typo. */
export function issuesFromZod(
  file: string,
  error: z.ZodError,
  prefix: PropertyKey[] = [],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A rule is an ordinary rule or a preset: report what is wrong with the shape the admin
      // meant, not "Invalid input" for both.
      const branch = likeliestBranch(issue.errors);
      out.push(...issuesFromZod(file, { issues: branch } as z.ZodError, base));
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          file,
          path: formatPath([...base, key]),
          message: 'unknown setting (misspelt, or not allowed here)',
        });
      }
      continue;
    }
    out.push({ file, path: formatPath(base), message: plainMessage(issue) });
  }
  return out;
}

/**
 * The union branch the input was most likely written for: the one with the fewest problems,
 * where each of the input's keys a branch does not know at all (unrecognized at its root)
 * counts as far off — `{ "preset": … }` was not meant as an ordinary rule.
 */
function likeliestBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): z.core.$ZodIssue[] {
  const score = (issues: readonly z.core.$ZodIssue[]): number =>
    issues.reduce(
      (sum, i) =>
        sum + (i.code === 'unrecognized_keys' && i.path.length === 0 ? 100 * i.keys.length : 1),
      0,
    );
  let best = branches[0]!;
  for (const branch of branches) if (score(branch) < score(best)) best = branch;
  return [...best];
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && issue.values.length > 0) {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    const received = 'input' in issue ? describeValue(issue.input) : 'something else';
    if (received === 'nothing') return `is required (${issue.expected})`;
    return `must be ${article(issue.expected)}, not ${received}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return article(typeof value);
}

function article(type: string): string {
  if (type === 'object') return 'an object';
  if (type === 'array') return 'a list';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
