import { describe, expect, it } from 'vitest';
import { smsWarnings } from '../../../electron/core/rest/index.js';

describe('smsWarnings', () => {
  it('is quiet for plain short text', () => {
    expect(smsWarnings('Hello, call me back at 0712 345 678.')).toEqual([]);
  });
  it('warns past 160 characters, counting characters not bytes', () => {
    expect(smsWarnings('a'.repeat(160))).toEqual([]);
    const [warning] = smsWarnings('a'.repeat(161));
    expect(warning).toMatchObject({ kind: 'too-long', length: 161, limit: 160 });
    expect(warning?.message).toBe(
      'The message has 161 characters; only the first 160 will be sent.',
    );
  });
  it('lists the diacritics that will be replaced, once each', () => {
    const warnings = smsWarnings('Mulțumim, ați plătit în Iași. ÎȘĂ');
    expect(warnings).toEqual([
      {
        kind: 'diacritics',
        characters: ['ț', 'ă', 'î', 'ș', 'Î', 'Ș', 'Ă'],
        message: 'These letters will be sent without their accents: ț ă î ș Î Ș Ă.',
      },
    ]);
  });
  it('flags characters that have no plain form', () => {
    expect(smsWarnings('ok 😀 €')[0]).toMatchObject({
      kind: 'unsupported-characters',
      characters: ['😀', '€'],
    });
  });
});
