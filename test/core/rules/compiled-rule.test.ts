// The per-rule cache behind evaluateRules: the same answers as before, an edit in place is
// noticed, each policy gets its own compiled URL, and fixed trace entries are shared.
import { describe, expect, test } from 'vitest';
import { ruleSchema, type ScreenPopRule } from '../../../electron/core/config/schema.js';
import { compiledRule } from '../../../electron/core/rules/compiled-rule.js';
import {
  evaluateRules,
  summarizeTrace,
  type RuleContext,
} from '../../../electron/core/rules/evaluate-rules.js';
import { sampleValues } from '../templates/sample-values.js';

const rule = (input: Record<string, unknown>): ScreenPopRule => ruleSchema.parse(input);
const context = (raw: string, direction: 'inbound' | 'outbound' = 'inbound'): RuleContext => ({
  ...sampleValues(raw, { direction }),
  allowHttp: false,
});

describe('compiled rules', () => {
  test('one compiled entry per rule object, reused across calls', () => {
    const crm = rule({ name: 'CRM', direction: 'inbound', open: 'https://crm.example/c?p={e164}' });
    expect(compiledRule(crm)).toBe(compiledRule(crm));
    const copy = rule({
      name: 'CRM',
      direction: 'inbound',
      open: 'https://crm.example/c?p={e164}',
    });
    expect(compiledRule(copy)).not.toBe(compiledRule(crm));
  });

  test('a rule edited in place is compiled again (URL, pattern, program args, direction)', () => {
    const r = rule({ name: 'R', direction: 'inbound', open: 'https://a.example/?p={e164}' });
    const first = evaluateRules([r], context('0712345678'));
    expect(first.actions[0]).toMatchObject({
      ok: true,
      url: 'https://a.example/?p=%2B40712345678',
    });
    r.open = 'https://b.example/?p={digits}';
    expect(evaluateRules([r], context('0712345678')).actions[0]).toMatchObject({
      url: 'https://b.example/?p=0712345678',
    });
    r.numberPattern = '^\\+44';
    expect(evaluateRules([r], context('0712345678')).winners).toEqual([]);
    r.numberPattern = undefined;
    r.direction = 'outbound';
    expect(evaluateRules([r], context('0712345678')).tried[0]?.why).toMatch(/wants outbound/);
    const p = rule({ name: 'P', direction: 'any', run: { program: '/opt/crm', args: ['{e164}'] } });
    expect(evaluateRules([p], context('0712345678')).actions[0]).toMatchObject({
      args: ['+40712345678'],
    });
    p.run!.args[0] = '--n={digits}';
    expect(evaluateRules([p], context('0712345678')).actions[0]).toMatchObject({
      args: ['--n=0712345678'],
    });
  });

  test('http: templates follow the policy of each call, not the first one compiled', () => {
    const r = rule({ name: 'H', direction: 'inbound', open: 'http://crm.example/?p={e164}' });
    expect(evaluateRules([r], context('0712345678')).actions[0]?.ok).toBe(false);
    const allowed = evaluateRules([r], { ...context('0712345678'), allowHttp: true });
    expect(allowed.actions[0]).toMatchObject({ ok: true });
    expect(evaluateRules([r], context('0712345678')).actions[0]?.ok).toBe(false);
  });

  test('entries that do not depend on the number are shared and frozen; others are not', () => {
    const plain = rule({ name: 'A', direction: 'inbound', open: 'https://a.example/?p={e164}' });
    const a = evaluateRules([plain], context('0712345678'));
    const b = evaluateRules([plain], context('0723456789'));
    expect(a.tried[0]).toBe(b.tried[0]);
    expect(Object.isFrozen(a.tried[0])).toBe(true);
    expect(a.actions[0]).not.toEqual(b.actions[0]);
    const patterned = rule({
      name: 'B',
      direction: 'inbound',
      numberPattern: '^\\+407',
      open: 'https://a.example/?p={e164}',
    });
    const c = evaluateRules([patterned], context('0712345678'));
    const d = evaluateRules([patterned], context('0723456789'));
    expect(c.tried[0]).not.toBe(d.tried[0]);
    expect(c.tried[0]?.why).toMatch(/"\+40712345678"/);
  });

  test('summary: false leaves it empty; summarizeTrace gives what evaluateRules would', () => {
    const r = rule({ name: 'S', direction: 'inbound', open: 'https://a.example/?p={e164}' });
    const full = evaluateRules([r], context('0712345678'));
    const deferred = evaluateRules([r], context('0712345678'), { summary: false });
    expect(deferred.summary).toBe('');
    expect(summarizeTrace(deferred)).toBe(full.summary);
    expect(full.summary).toMatch(/open https:\/\/a\.example\/\?p=%2B40712345678/);
  });
});
