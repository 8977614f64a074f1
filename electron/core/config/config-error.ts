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
