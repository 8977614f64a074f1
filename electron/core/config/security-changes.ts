// Which differences between two effective configurations decide what runs on this computer or
// where secrets and calls go: programs added or changed, the server, trusted certificates, the
// proxy, where the REST password and the lookup API key are sent, the browser program, plain
// http, the local bridge and pairing, the update feed. An imported settings file is trusted for
// the agent's preferences, never silently for these: the app asks in a box and the CLI wants
// --yes. Pure: the callers resolve both configurations (locks included) and show the list.
import { getPath, isPlainObject, leaves } from './key-paths.js';
import type { ConnectorConfig } from './schema.js';

/** Why a setting matters, one word each; the words people read are in SecurityChangeWords. */
export type SecurityConcern =
  | 'server'
  | 'trust'
  | 'proxy'
  | 'rest-password'
  | 'password-file'
  | 'lookup-key'
  | 'browser'
  | 'plain-http'
  | 'bridge'
  | 'pairing'
  | 'updates';

export interface ProgramLine {
  program: string;
  args: string[];
}

export type SecurityChange =
  | {
      kind: 'program';
      rule: string;
      program: string;
      args: string[];
      /** The program the rule of the same name started before, when it had one. */
      before?: ProgramLine;
    }
  | { kind: 'setting'; key: string; concern: SecurityConcern; before: unknown; after: unknown };

/**
 * What is compared, in the order it is listed: single settings, and whole sections where every
 * field counts (fields added to them later included).
 */
const WATCHED: ReadonlyArray<{ path: string; concern: SecurityConcern; section?: true }> = [
  { path: 'accolades.url', concern: 'server' },
  { path: 'accolades.caFile', concern: 'trust' },
  { path: 'accolades.proxy', concern: 'proxy' },
  { path: 'rest.baseUrl', concern: 'rest-password' },
  { path: 'rest.passwordFile', concern: 'password-file' },
  { path: 'lookup.url', concern: 'lookup-key' },
  { path: 'lookup.apiKeyHeader', concern: 'lookup-key' },
  { path: 'screenPop.browser', concern: 'browser' },
  { path: 'screenPop.allowHttp', concern: 'plain-http' },
  { path: 'bridge', concern: 'bridge', section: true },
  { path: 'pairing', concern: 'pairing', section: true },
  { path: 'updates.feedUrl', concern: 'updates' },
];

/** The security-relevant changes from `before` to `after`, programs first. */
export function securityChanges(before: ConnectorConfig, after: ConnectorConfig): SecurityChange[] {
  const changes: SecurityChange[] = programChanges(before, after);
  const compare = (key: string, concern: SecurityConcern): void => {
    const was = getPath(before, key);
    const now = getPath(after, key);
    if (!sameValue(was, now))
      changes.push({ kind: 'setting', key, concern, before: was, after: now });
  };
  for (const { path, concern, section } of WATCHED) {
    if (!section) {
      compare(path, concern);
      continue;
    }
    const fields = (config: ConnectorConfig) =>
      leaves(asRecord(getPath(config, path)), path).map(([key]) => key);
    for (const key of new Set([...fields(before), ...fields(after)])) compare(key, concern);
  }
  return changes;
}

function asRecord(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

/**
 * Programs `after` can start that `before` could not (same path AND argument templates). A
 * program dropped or moved takes no power from anyone, so it is not listed.
 */
function programChanges(before: ConnectorConfig, after: ConnectorConfig): SecurityChange[] {
  const known = new Set(before.rules.flatMap((rule) => (rule.run ? [programKey(rule.run)] : [])));
  const listed = new Set<string>();
  const changes: SecurityChange[] = [];
  for (const rule of after.rules) {
    if (!rule.run) continue;
    const key = programKey(rule.run);
    if (known.has(key) || listed.has(key)) continue;
    listed.add(key);
    const previous = before.rules.find((candidate) => candidate.name === rule.name)?.run;
    changes.push({
      kind: 'program',
      rule: rule.name,
      program: rule.run.program,
      args: [...rule.run.args],
      ...(previous ? { before: { program: previous.program, args: [...previous.args] } } : {}),
    });
  }
  return changes;
}

function programKey(run: ProgramLine): string {
  return JSON.stringify([run.program, run.args]);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The words of the lines, `{placeholders}` filled in: English here, the app passes its own. */
export interface SecurityChangeWords {
  /** {rule} {program} {args} */
  program: string;
  /** {rule} {program} {args} {before} */
  programChanged: string;
  /** {key} {why} {before} {after} */
  setting: string;
  /** A value that is empty or not set. */
  empty: string;
  on: string;
  off: string;
  concerns: Readonly<Record<SecurityConcern, string>>;
}

export const ENGLISH_SECURITY_WORDS: SecurityChangeWords = {
  program: 'Rule "{rule}" starts the program {program} with the arguments {args}.',
  programChanged:
    'Rule "{rule}" starts the program {program} with the arguments {args} (it started {before}).',
  setting: '{key} ({why}): {before} → {after}',
  empty: '(none)',
  on: 'on',
  off: 'off',
  concerns: {
    server: 'the server your calls come from',
    trust: 'extra certificates trusted for secure connections',
    proxy: 'the proxy all connections go through',
    'rest-password': 'where the REST password is sent',
    'password-file': 'the file sent as the REST password',
    'lookup-key': 'where caller numbers and the lookup API key are sent',
    browser: 'the program that opens pages',
    'plain-http': 'pages opened without encryption',
    bridge: 'the local event bridge that web pages and programs connect to',
    pairing: 'which pages may set your CRM ID',
    updates: 'where the app downloads its updates',
  },
};

/** One plain line for one change. */
export function describeSecurityChange(
  change: SecurityChange,
  words: SecurityChangeWords = ENGLISH_SECURITY_WORDS,
): string {
  if (change.kind === 'program') {
    const args = showArgs(change.args, words);
    const values = { rule: change.rule, program: change.program, args };
    if (!change.before) return fill(words.program, values);
    const before = `${change.before.program} ${showArgs(change.before.args, words)}`;
    return fill(words.programChanged, { ...values, before });
  }
  return fill(words.setting, {
    key: change.key,
    why: words.concerns[change.concern],
    before: showValue(change.before, words),
    after: showValue(change.after, words),
  });
}

/** Each argument quoted, so spaces and empty arguments are visible. */
function showArgs(args: readonly string[], words: SecurityChangeWords): string {
  return args.length === 0 ? words.empty : args.map((arg) => JSON.stringify(arg)).join(' ');
}

function showValue(value: unknown, words: SecurityChangeWords): string {
  if (value === undefined || value === null || value === '') return words.empty;
  if (typeof value === 'boolean') return value ? words.on : words.off;
  if (Array.isArray(value)) return value.length === 0 ? words.empty : value.map(String).join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );
}
