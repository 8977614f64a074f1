// English and Romanian carry the same keys and placeholders; Romanian uses the comma-below
// letters ș ț (not the cedilla look-alikes ş ţ); the language follows the setting or the OS.
import { describe, expect, it } from 'vitest';
import { en } from '../../electron/shared/i18n/en.js';
import {
  createTranslator,
  formatString,
  resolveLanguage,
} from '../../electron/shared/i18n/index.js';
import { ro } from '../../electron/shared/i18n/ro.js';

const placeholders = (text: string) =>
  [...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('has the same keys in English and Romanian', () => {
    expect(Object.keys(ro).sort()).toEqual(Object.keys(en).sort());
  });

  it('has no empty strings and the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ro[key].trim(), key).not.toBe('');
      expect(placeholders(ro[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('writes Romanian with proper diacritics (comma below, never cedilla)', () => {
    const all = Object.values(ro).join('\n');
    expect(all).not.toMatch(/[şţŞŢ]/);
    for (const letter of ['ș', 'ț', 'ă', 'î', 'â']) expect(all).toContain(letter);
  });

  it('follows the setting, else the OS locale', () => {
    expect(resolveLanguage('auto', 'ro-RO')).toBe('ro');
    expect(resolveLanguage('auto', 'ro')).toBe('ro');
    expect(resolveLanguage('auto', 'ro_MD')).toBe('ro');
    expect(resolveLanguage('auto', 'en-GB')).toBe('en');
    expect(resolveLanguage('auto', 'rom')).toBe('en');
    expect(resolveLanguage('auto', '')).toBe('en');
    expect(resolveLanguage('en', 'ro-RO')).toBe('en');
    expect(resolveLanguage('ro', 'en-US')).toBe('ro');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(createTranslator('ro')('tray.tooltip', { status: 'Conectat' })).toBe(
      'Accolades Connector: Conectat',
    );
    expect(formatString('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(formatString('{constructor}', {})).toBe('{constructor}');
  });
});
