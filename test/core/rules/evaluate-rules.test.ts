import { describe, expect, test } from 'vitest';
import {
  configSchema,
  ruleSchema,
  type ScreenPopRule,
} from '../../../electron/core/config/schema.js';
import { previewCall } from '../../../electron/core/rules/preview-call.js';
import { checkRule } from '../../../electron/core/rules/check-rule.js';
import { evaluateRules, type RuleContext } from '../../../electron/core/rules/evaluate-rules.js';
import { sampleValues } from '../templates/sample-values.js';

const rule = (input: Record<string, unknown>): ScreenPopRule => ruleSchema.parse(input);
const context = (
  raw: string,
  direction: 'inbound' | 'outbound' = 'inbound',
  allowHttp = false,
): RuleContext => ({
  ...sampleValues(raw, { direction }),
  allowHttp,
});

const CRM = rule({
  name: 'CRM contact',
  direction: 'inbound',
  open: 'https://crm.example.com/contacts?phone={e164}',
});
const LOCAL = rule({
  name: 'Local CRM',
  direction: 'outbound',
  run: { program: '/opt/crm/crm', args: ['--phone', '{national}'] },
});

describe('checkRule', () => {
  test('a good rule has no problems', () => {
    expect(checkRule(CRM, { allowHttp: false })).toEqual([]);
    expect(checkRule(LOCAL, { allowHttp: false })).toEqual([]);
  });

  test.each([
    [
      { name: 'r', numberPattern: '^(07', open: 'https://crm.example.com/?q={e164}' },
      /not a valid regular expression/,
    ],
    [{ name: 'r' }, /nothing to do/],
    [{ name: 'r', open: 'javascript:alert({number})' }, /URL: javascript: links are refused/],
    [{ name: 'r', open: 'http://crm.example.com/?q={e164}' }, /URL: http: links are refused/],
    [{ name: 'r', open: 'https://{crmId}.example.com/' }, /URL: .*host/],
    [{ name: 'r', open: 'https://crm.example.com/?q={nope}' }, /URL: Unknown placeholder \{nope\}/],
    [{ name: 'r', run: { program: 'crm.exe', args: [] } }, /Program: .*absolute path/],
    [{ name: 'r', run: { program: 'C:\\crm\\go.CMD', args: [] } }, /Program: .*\.bat\/\.cmd/],
    [{ name: 'r', run: { program: '/usr/bin/zsh', args: [] } }, /Program: .*shell or script host/],
    [
      { name: 'r', run: { program: '/opt/crm', args: ['{time|e164}'] } },
      /Program: Argument 1: Unknown format/,
    ],
  ])('%j', (input, problem) => {
    expect(checkRule(rule(input), { allowHttp: false }).join(' ')).toMatch(problem);
  });

  test('http: is accepted when the admin allows it', () => {
    expect(
      checkRule(rule({ name: 'r', open: 'http://crm.local/?q={e164}' }), { allowHttp: true }),
    ).toEqual([]);
  });
});

describe('evaluateRules', () => {
  test('inbound call: the first rule wins, with the exact URL', () => {
    const trace = evaluateRules([CRM, LOCAL], context('0712 345 678'));
    expect(trace.winners).toEqual([0]);
    expect(trace.tried).toHaveLength(1);
    expect(trace.tried[0]).toMatchObject({ name: 'CRM contact', matched: true });
    expect(trace.tried[0]?.why).toMatch(/the call is inbound, as the rule wants/);
    expect(trace.actions).toEqual([
      {
        kind: 'open',
        ruleIndex: 0,
        ruleName: 'CRM contact',
        pop: 'auto',
        ok: true,
        url: 'https://crm.example.com/contacts?phone=%2B40712345678',
      },
    ]);
    expect(trace.nothing).toBeUndefined();
    expect(trace.summary).toBe(
      'inbound +40712345678: rule "CRM contact" (auto): open https://crm.example.com/contacts?phone=%2B40712345678',
    );
  });

  test('outbound call: the first rule is skipped for its direction, the second runs a program', () => {
    const trace = evaluateRules([CRM, LOCAL], context('+40712345678', 'outbound'));
    expect(trace.tried.map((t) => [t.name, t.matched])).toEqual([
      ['CRM contact', false],
      ['Local CRM', true],
    ]);
    expect(trace.tried[0]?.why).toBe('the call is outbound; the rule wants inbound');
    expect(trace.actions).toEqual([
      {
        kind: 'run',
        ruleIndex: 1,
        ruleName: 'Local CRM',
        pop: 'auto',
        ok: true,
        program: '/opt/crm/crm',
        args: ['--phone', '0712345678'],
      },
    ]);
  });

  test('internal and withheld numbers are skipped unless the rule takes them', () => {
    const any = rule({ name: 'any', open: 'https://crm.example.com/?q={digits}' });
    const internal = evaluateRules([any], context('101'));
    expect(internal.tried[0]).toMatchObject({
      matched: false,
      why: '101 is an internal number and the rule skips internal numbers',
    });
    expect(internal.nothing).toEqual({ reason: 'no-rule', why: 'No rule matched this call.' });
    expect(internal.summary).toBe('inbound 101: nothing to do. No rule matched this call.');

    const withheld = evaluateRules([any], context('Anonymous'));
    expect(withheld.tried[0]).toMatchObject({
      matched: false,
      why: 'the number is withheld and the rule skips withheld numbers',
    });

    const colleagues = rule({
      name: 'colleagues',
      internal: true,
      open: 'https://pbx.example.com/ext/{digits}',
    });
    expect(evaluateRules([colleagues], context('101')).actions[0]).toMatchObject({
      ok: true,
      url: 'https://pbx.example.com/ext/101',
    });
    const hidden = rule({
      name: 'hidden',
      withheld: true,
      open: 'https://crm.example.com/anonymous?at={time}',
    });
    expect(evaluateRules([hidden], context('')).actions[0]).toMatchObject({
      ok: true,
      url: 'https://crm.example.com/anonymous?at=2026-11-25T09%3A30%3A15.250Z',
    });
  });

  test('the number pattern is tested against every format and says which one matched', () => {
    const mobiles = rule({
      name: 'mobiles',
      numberPattern: '^\\+407',
      open: 'https://crm.example.com/?q={e164}',
    });
    const hit = evaluateRules([mobiles], context('0712345678'));
    expect(hit.tried[0]?.checks.pattern).toEqual({
      passed: true,
      why: 'the number pattern /^\\+407/ matches E.164 "+40712345678"',
    });
    const miss = evaluateRules([mobiles], context('0212345678'));
    expect(miss.tried[0]).toMatchObject({
      matched: false,
      why: "the number pattern /^\\+407/ matches none of the number's formats",
    });
  });

  test('only the normalised forms are tested, never the caller id as received', () => {
    const spaced = rule({
      name: 'spaced',
      numberPattern: '^0712 345',
      open: 'https://crm.example.com/?q={e164}',
    });
    const trace = evaluateRules([spaced], context('0712 345 678'));
    expect(trace.tried[0]).toMatchObject({
      matched: false,
      why: "the number pattern /^0712 345/ matches none of the number's formats",
    });
    const digits = rule({ name: 'd', numberPattern: '^0712345', open: 'https://crm.example.com/' });
    expect(evaluateRules([digits], context('0712 345 678')).tried[0]?.checks.pattern?.why).toBe(
      'the number pattern /^0712345/ matches national "0712345678"',
    );
  });

  test('a form longer than any phone number is not tested, and the trace says so', () => {
    const any = rule({ name: 'any', numberPattern: '\\d', open: 'https://crm.example.com/' });
    const trace = evaluateRules([any], context(`${'9'.repeat(40)};`));
    expect(trace.tried[0]).toMatchObject({ matched: false });
    expect(trace.tried[0]?.why).toMatch(
      /matches none of the number's formats \(national and digits: 40 characters, longer than the 32 a pattern is tested against\)/,
    );
  });

  test('an unsafe pattern never runs, even on a rule the loader did not check', () => {
    const evil = rule({
      name: 'evil',
      numberPattern: '^(\\+?\\d+[ -]?)+$',
      open: 'https://crm.example.com/',
    });
    const trace = evaluateRules([evil], context(`${'0'.repeat(31)}x`));
    expect(trace.tried[0]?.matched).toBe(false);
    expect(trace.tried[0]?.why).toMatch(
      /is refused: a repeated group may not contain a quantifier/,
    );
  });

  test('an invalid pattern never matches, and says why', () => {
    const broken = rule({
      name: 'broken',
      numberPattern: '([',
      open: 'https://crm.example.com/?q={e164}',
    });
    const trace = evaluateRules([broken], context('0712345678'));
    expect(trace.tried[0]?.matched).toBe(false);
    expect(trace.tried[0]?.why).toMatch(/not a valid regular expression/);
  });

  test('continue lets later rules act too; rules after a final winner are not tried', () => {
    const first = rule({ name: 'first', continue: true, open: 'https://a.example.com/?q={e164}' });
    const second = rule({ name: 'second', run: { program: '/opt/b', args: ['{digits}'] } });
    const third = rule({ name: 'third', open: 'https://c.example.com/' });
    const trace = evaluateRules([first, second, third], context('0712345678'));
    expect(trace.winners).toEqual([0, 1]);
    expect(trace.tried.map((t) => t.name)).toEqual(['first', 'second']);
    expect(trace.actions.map((a) => a.ruleName)).toEqual(['first', 'second']);
  });

  test('pop: off and click are in the trace, with the exact URL that would run', () => {
    const off = rule({ name: 'quiet', pop: 'off', open: 'https://crm.example.com/?q={e164}' });
    const trace = evaluateRules([off], context('0712345678'));
    expect(trace.nothing).toEqual({
      reason: 'pop-off',
      why: 'The matching rule is set to pop: off.',
    });
    expect(trace.actions[0]).toMatchObject({
      pop: 'off',
      ok: true,
      url: 'https://crm.example.com/?q=%2B40712345678',
    });

    const click = rule({
      name: 'on click',
      pop: 'click',
      open: 'https://crm.example.com/?q={e164}',
    });
    const clickTrace = evaluateRules([click], context('0712345678'));
    expect(clickTrace.nothing).toBeUndefined();
    expect(clickTrace.actions[0]).toMatchObject({ pop: 'click', ok: true });
  });

  test('a render error is the reason nothing runs', () => {
    const needsE164 = rule({
      name: 'e164 only',
      withheld: true,
      open: 'https://crm.example.com/?q={e164}',
    });
    const trace = evaluateRules([needsE164], context('private'));
    expect(trace.winners).toEqual([0]);
    expect(trace.actions[0]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no international/),
    });
    expect(trace.nothing?.reason).toBe('render-error');
    expect(trace.nothing?.why).toMatch(/^e164 only: .*no international/);
  });

  test('a URL template refused by the policy is a render error, not a pop', () => {
    const sneaky = rule({ name: 'sneaky', open: 'file:///etc/passwd?{e164}' });
    const trace = evaluateRules([sneaky], context('0712345678'));
    expect(trace.nothing?.reason).toBe('render-error');
    expect(trace.nothing?.why).toMatch(/file: links are refused/);
  });

  test('no rules at all', () => {
    expect(evaluateRules([], context('0712345678')).nothing).toEqual({
      reason: 'no-rule',
      why: 'There are no screen-pop rules.',
    });
  });

  test('is pure: the same input gives the same trace and the rules are not changed', () => {
    const rules = [CRM, LOCAL];
    const copy = structuredClone(rules);
    expect(evaluateRules(rules, context('0712345678'))).toEqual(
      evaluateRules(rules, context('0712345678')),
    );
    expect(rules).toEqual(copy);
  });
});

describe('previewCall', () => {
  test('normalizes the number with the config and evaluates its rules', () => {
    const config = configSchema.parse({
      accolades: { crmId: 'abc' },
      rules: [{ name: 'CRM', open: 'https://crm.example.com/{crmId}/{national}' }],
    });
    const preview = previewCall(config, {
      rawNumber: '+40 712 345 678',
      direction: 'outbound',
      timeMs: 0,
    });
    expect(preview.number.e164).toBe('+40712345678');
    expect(preview.trace.actions[0]).toMatchObject({
      ok: true,
      url: 'https://crm.example.com/abc/0712345678',
    });
  });
});
