// The admin guide is part of the deliverable: its examples must be policies the app accepts,
// its paths the ones the app reads, and its settings reference the keys that exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configKeyPaths } from '../../electron/core/config/key-paths.js';
import { parsePolicyText } from '../../electron/core/config/parse-layer.js';
import { policyFilePath } from '../../electron/core/config/policy-path.js';
import { projectRoot } from './load-builder-config.js';

const guide = readFileSync(join(projectRoot, 'docs', 'admin-guide.md'), 'utf8');

function jsonBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('docs/admin-guide.md', () => {
  it('has policy examples that the policy parser accepts, with locks', () => {
    const blocks = jsonBlocks(guide);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const parsed = blocks.map((text, index) => parsePolicyText(text, `example ${index + 1}`));
    const locks = new Set(parsed.flatMap((policy) => policy.locked));
    for (const key of ['accolades.url', 'rules']) expect(locks.has(key), key).toBe(true);
  });

  it('would reject a broken example (the check can fail)', () => {
    expect(() => parsePolicyText('{"rules": [], "locked": ["accolades.ur"]}', 'x')).toThrow();
    expect(() => parsePolicyText('{"acolades": {}}', 'x')).toThrow();
  });

  it('names the policy locations the app reads', () => {
    expect(guide).toContain(policyFilePath('darwin', {}));
    expect(guide).toContain(policyFilePath('linux', {}));
    expect(guide).toContain('%ProgramData%\\Accolades Connector\\policy.json');
    expect(policyFilePath('win32', { ProgramData: 'C:\\ProgramData' })).toBe(
      'C:\\ProgramData\\Accolades Connector\\policy.json',
    );
    expect(guide).toContain('ACCOLADES_POLICY_FILE');
  });

  it('documents every setting, and no setting that does not exist', () => {
    const keys = new Set(configKeyPaths());
    const leaves = [...keys].filter(
      (key) => ![...keys].some((other) => other.startsWith(`${key}.`)),
    );
    for (const key of leaves) {
      expect(guide.includes(`\`${key}\``), `document ${key} in docs/admin-guide.md`).toBe(true);
    }
    const sections = ['accolades', 'rest', 'phone', 'screenPop', 'tel', 'ui'];
    const mentioned = [...guide.matchAll(/`([a-zA-Z]+\.[a-zA-Z]+)`/g)]
      .map((match) => match[1]!)
      .filter((key) => sections.includes(key.split('.')[0]!));
    for (const key of mentioned) expect(keys.has(key), `${key} is not a setting`).toBe(true);
  });
});
