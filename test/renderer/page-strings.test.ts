// Every string key the pages use exists in English and Romanian (no raw keys on screen).
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatString as sharedFormatString } from '../../electron/shared/i18n/index.js';
import { formatString as pageFormatString } from '../../renderer/common/format-string.js';
import { t, tAny } from '../../renderer/common/i18n.js';
import { pageStringsEn } from '../../renderer/common/strings-en.js';
import { pageStringsRo } from '../../renderer/common/strings-ro.js';

const rendererDir = fileURLToPath(new URL('../../renderer/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('renderer page strings', () => {
  const sources = files(rendererDir).filter((file) => ['.html', '.ts'].includes(extname(file)));
  const used = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/data-i18n(?:-label|-placeholder)?="([^"]+)"/g))
      used.add(match[1]!);
    // Literal keys only: t('a.b.c'); computed keys are covered by the browser tests.
    for (const match of text.matchAll(/\bt\(\s*'([A-Za-z0-9_.-]+)'/g)) used.add(match[1]!);
  }

  it('finds the keys the pages use', () => {
    expect(used.size).toBeGreaterThan(50);
  });

  it('has every used key in English and Romanian', () => {
    const en: Record<string, string> = pageStringsEn;
    const ro: Record<string, string> = pageStringsRo;
    expect([...used].filter((key) => !(key in en))).toEqual([]);
    expect([...used].filter((key) => !(key in ro))).toEqual([]);
  });

  it('Romanian has the same keys and the same {placeholders} as English', () => {
    const en: Record<string, string> = pageStringsEn;
    const ro: Record<string, string> = pageStringsRo;
    expect(Object.keys(ro).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en))
      expect(placeholders(ro[key]!), key).toEqual(placeholders(en[key]!));
  });
});

describe('one formatString, one t()', () => {
  it('main and the pages fill placeholders with the same function', () => {
    expect(sharedFormatString).toBe(pageFormatString);
    expect(pageFormatString('{count} more waiting', { count: 2 })).toBe('2 more waiting');
  });

  it('t() takes only known keys; run-time keys go through tAny and show when missing', () => {
    expect(t('settings.save')).toBe('Save settings');
    // @ts-expect-error — an unknown key does not compile
    expect(t('settings.noSuchKey')).toBe('settings.noSuchKey');
    expect(tAny('settings.save')).toBe('Save settings');
    expect(tAny('settings.noSuchKey')).toBe('settings.noSuchKey');
  });
});
