import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../electron/core/templates/template-syntax.js';
import {
  checkPlaceholder,
  resolvePlaceholder,
} from '../../../electron/core/templates/template-values.js';
import { sampleValues } from './sample-values.js';

describe('parseTemplate', () => {
  test('placeholders, formats and escaped braces', () => {
    const parsed = parseTemplate('a{e164}b{ time | date }{{x}}');
    expect(parsed.problems).toEqual([]);
    expect(parsed.segments).toEqual([
      { kind: 'text', text: 'a', start: 0 },
      { kind: 'placeholder', name: 'e164', format: undefined, source: '{e164}', start: 1 },
      { kind: 'text', text: 'b', start: 7 },
      { kind: 'placeholder', name: 'time', format: 'date', source: '{ time | date }', start: 8 },
      { kind: 'text', text: '{x}', start: 23 },
    ]);
  });

  test.each([
    ['{e164', /not closed/],
    ['e164}', /no matching "\{"/],
    ['{a{b}', /not closed/],
    ['{}', /not a placeholder name/],
    ['{1abc}', /not a placeholder name/],
    ['{e164|}', /empty or malformed format/],
    ['{e164|a b}', /empty or malformed format/],
  ])('%j is a problem', (template, problem) => {
    expect(parseTemplate(template).problems.join(' ')).toMatch(problem);
  });
});

describe('placeholders and formats', () => {
  const values = sampleValues('0712 345 678');
  test.each([
    ['number', undefined, '0712 345 678'],
    ['number', 'raw', '0712 345 678'],
    ['number', 'e164', '+40712345678'],
    ['e164', undefined, '+40712345678'],
    ['e164', 'noplus', '40712345678'],
    ['e164', 'intl00', '0040712345678'],
    ['national', undefined, '0712345678'],
    ['digits', undefined, '0712345678'],
    ['number', 'last9', '712345678'],
    ['number', 'last4', '5678'],
    ['direction', undefined, 'inbound'],
    ['direction', 'upper', 'INBOUND'],
    ['direction', 'short', 'in'],
    ['crmId', undefined, 'f8cb549544'],
    ['crmId', 'upper', 'F8CB549544'],
    ['time', undefined, '2026-11-25T09:30:15.250Z'],
    ['time', 'iso', '2026-11-25T09:30:15.250Z'],
    ['time', 'date', '2026-11-25'],
    ['time', 'epoch', String(Math.floor(Date.UTC(2026, 10, 25, 9, 30, 15) / 1000))],
    ['time', 'epochms', String(Date.UTC(2026, 10, 25, 9, 30, 15, 250))],
    ['config.agent.crmUserId', undefined, 'u-77'],
    ['config.agent.name', 'lower', 'ana pop'],
    ['config.queues.0.name', undefined, 'Sales'],
    ['config.active', undefined, 'true'],
  ])('{%s|%s}', (name, format, expected) => {
    expect(resolvePlaceholder(values, name, format)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['foo', undefined, /Unknown placeholder \{foo\}/],
    ['config', undefined, /Unknown placeholder/],
    ['e164', 'weird', /Unknown format "weird" for \{e164\}/],
    ['number', 'last0', /Unknown format/],
    ['number', 'last16', /Unknown format/],
    ['time', 'e164', /Unknown format "e164" for \{time\}; use iso, date, epoch/],
    ['direction', 'date', /Unknown format/],
  ])('{%s|%s} is refused at save time', (name, format, problem) => {
    expect(checkPlaceholder(name, format)).toMatch(problem);
  });

  test('render errors say what is missing', () => {
    const withheld = sampleValues('anonymous');
    expect(resolvePlaceholder(withheld, 'e164', undefined)).toMatchObject({
      ok: false,
      error: /no international/,
    });
    expect(resolvePlaceholder(withheld, 'number', 'last9')).toMatchObject({
      ok: false,
      error: /no digits/,
    });
    expect(resolvePlaceholder(values, 'config.agent.missing', undefined)).toMatchObject({
      ok: false,
      error: /no "missing"/,
    });
    expect(resolvePlaceholder(values, 'config.agent', undefined)).toMatchObject({
      ok: false,
      error: /not a single value/,
    });
    expect(resolvePlaceholder(values, 'config.none', undefined)).toMatchObject({
      ok: false,
      error: /null/,
    });
    const textConfig = sampleValues('0712345678', { configuration: 'plain text answer' });
    expect(resolvePlaceholder(textConfig, 'config.agent.crmUserId', undefined)).toMatchObject({
      ok: false,
      error: /needs a JSON configuration answer/,
    });
    // Prototype keys are not configuration fields.
    expect(resolvePlaceholder(values, 'config.constructor', undefined)).toMatchObject({
      ok: false,
    });
    expect(resolvePlaceholder(values, 'config.agent.__proto__', undefined)).toMatchObject({
      ok: false,
    });
  });
});
