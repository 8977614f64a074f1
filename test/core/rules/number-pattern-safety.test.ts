// The number-pattern checker: a corpus of known catastrophic patterns is refused (with a reason
// the admin can act on), the patterns admins really write are accepted, and — property-tested —
// whatever it accepts finishes at once on adversarial subjects when run by the real engine in a
// child process (a pattern that slipped through would make that child time out).
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ruleSchema } from '../../../electron/core/config/schema.js';
import { checkRule } from '../../../electron/core/rules/check-rule.js';

/** The problems checkRule finds with a rule that has only this pattern to worry about. */
const problemsOf = (numberPattern: string): string[] =>
  checkRule(ruleSchema.parse({ name: 'r', numberPattern, open: 'https://crm.example.com/' }), {
    allowHttp: false,
  });

const EVIL: [string, RegExp][] = [
  ['^(\\+?\\d+[ -]?)+$', /repeated group may not contain a quantifier/],
  ['(a+)+', /repeated group may not contain a quantifier/],
  ['(a*)*', /repeated group may not contain a quantifier/],
  ['(\\d+)*$', /repeated group may not contain a quantifier/],
  ['(x+x+)+y', /repeated group may not contain a quantifier/],
  ['^(\\w+\\s?)*$', /repeated group may not contain a quantifier/],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', /repeated group may not contain a quantifier/],
  ['(.*a){12}', /repeated group may not contain a quantifier/],
  ['(\\d+){5}x', /repeated group may not contain a quantifier/],
  ['(?:\\d{2,3})+$', /repeated group may not contain a quantifier/],
  ['(a?){25}a{25}', /repeated group may not contain a quantifier/],
  ['((\\d)+)?(\\d+)+$', /repeated group may not contain a quantifier/],
  ['(a|a)*', /repeated group may not contain "\|"/],
  ['(a|aa)+$', /repeated group may not contain "\|"/],
  ['(?:\\d|\\d\\d)+$', /repeated group may not contain "\|"/],
  ['^(0|00|000)*1$', /repeated group may not contain "\|"/],
  ['\\d*\\d*\\d*\\d*\\d*x', /too many open-ended parts/],
  ['.*.*.*=.*', /too many open-ended parts/],
  ['^\\d*0*\\d*0*\\d*$', /too many open-ended parts/],
  ['(\\d)\\1', /backreferences \(\\1\)/],
  ['(?<d>\\d)\\k<d>', /backreferences \(\\k<name>\)/],
  ['^(?=\\d+$)07', /lookahead and lookbehind/],
  ['(?!00)\\d+', /lookahead and lookbehind/],
  ['(?<=\\+)40', /lookahead and lookbehind/],
  ['(?<!0)7', /lookahead and lookbehind/],
  ['\\d{0,1000}', /larger than any phone number/],
  ['a{99999}', /larger than any phone number/],
];

const USEFUL = [
  '^07',
  '^\\+40',
  '^\\+44',
  '^0(2|3)\\d{8}$',
  '^0[23]\\d{8}$',
  '^(\\+40|0)7\\d{8}$',
  '^(?:\\+40|0040|0)7[2-9]\\d{7}$',
  '^\\+?40?7\\d{8}$',
  '^\\d{3,4}$',
  '^0(21|31)\\d{7}$',
  '^(?<mobile>07)\\d{8}$',
  '^\\+(?:40|373)',
  '^0[2-9]\\d{8}$|^\\+40[2-9]\\d{8}$',
  '555$',
  '.*555.*',
  '^\\+?\\d{10,12}$',
  '^(\\d{3}){3}$',
  '^[+]?40',
  '\\b07',
  '^\\+4[0-9]{10}$',
  '^(?:\\+|00)40\\d+',
  '^0\\d*$',
  '^\\d+$',
  'a{2,}',
  '^\\x2b40',
];

describe('the number-pattern checker', () => {
  test.each(EVIL)('refuses %s', (pattern, why) => {
    const problems = problemsOf(pattern);
    expect(problems).toHaveLength(1);
    // The loader turns "number pattern" into the field rules[i].numberPattern.
    expect(problems[0]).toMatch(/^The number pattern ".*" is refused: /);
    expect(problems[0]).toMatch(why);
  });

  test.each(USEFUL)('accepts %s', (pattern) => {
    expect(problemsOf(pattern)).toEqual([]);
  });

  test('syntax errors keep their own message', () => {
    expect(problemsOf('^(07').join(' ')).toMatch(/not a valid regular expression/);
    expect(problemsOf('*07').join(' ')).toMatch(/not a valid regular expression/);
  });
});

// Pieces of patterns, chosen so that random combinations hit every dangerous shape: nested
// and adjacent quantifiers over overlapping characters, alternation inside repetition.
const atom = fc.constantFrom('\\d', '0', '7', '\\+', '[ -]', '.', '[0-9+]', '\\D', '(?:)');
const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '*?', '+?');
const pattern: fc.Arbitrary<string> = fc
  .letrec<{ node: string; seq: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(atom, quantifier).map(([a, q]) => a + q),
      fc
        .tuple(
          fc.array(tie('seq'), { minLength: 1, maxLength: 3 }),
          quantifier,
          fc.constantFrom('(', '(?:'),
        )
        .map(([alternatives, q, open]) => `${open}${alternatives.join('|')})${q}`),
    ),
    seq: fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((nodes) => nodes.join('')),
  }))
  .seq.chain((body) =>
    fc.tuple(fc.constantFrom('', '^'), fc.constantFrom('', '$', 'x')).map(([a, z]) => a + body + z),
  );

/** Subjects that make backtracking engines try hardest: a long run, then a mismatch. */
const SUBJECTS = [
  '0'.repeat(31) + 'x',
  '+' + '7'.repeat(30) + '!',
  '0 '.repeat(16),
  '07'.repeat(15) + '--',
  '0'.repeat(32),
];

/** Runs every pattern against every subject in one child; false when it did not finish. */
function allFinish(patterns: string[], timeoutMs: number): boolean {
  const script = `
    const { patterns, subjects } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    let n = 0;
    for (const p of patterns) { const re = new RegExp(p); for (const s of subjects) if (re.test(s)) n++; }
    process.stdout.write(String(n));`;
  const child = spawnSync(process.execPath, ['-e', script], {
    input: JSON.stringify({ patterns, subjects: SUBJECTS }),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  return child.status === 0 && /^\d+$/.test(child.stdout);
}

describe('what the checker accepts runs in bounded time', () => {
  test('the harness can fail: a refused pattern does not finish', () => {
    expect(allFinish(['^(\\+?\\d+[ -]?)+$'], 3_000)).toBe(false);
  }, 10_000);

  test('random patterns: every accepted one finishes on every adversarial subject', () => {
    const samples = fc.sample(pattern, { numRuns: 600, seed: 20261125 });
    const compiles = samples.filter((p) => {
      if (p.length > 500) return false; // the schema's limit
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    });
    const accepted = compiles.filter((p) => problemsOf(p).length === 0);
    const refused = compiles.length - accepted.length;
    // Not vacuous: the generator makes plenty of both kinds.
    expect(accepted.length).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
    // Bounded means a few ms each at most; a slipped-through exponential one would take hours.
    expect(allFinish(accepted, 60_000)).toBe(true);
  }, 90_000);
});
