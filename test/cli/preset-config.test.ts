// A preset rule and number rewrites in the CLI's --config file: `render` shows the CRM URL, a
// wrong preset id or input exits 2 naming the file and the key.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli, writeJson } from './cli-harness.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

describe('preset rules through the CLI', () => {
  it('render opens the HubSpot search for a rewritten Romanian number', async () => {
    await writeJson(path.join(dir, 'c.json'), {
      phone: { rewrite: [{ pattern: '^9', replacement: '' }] },
      rules: [{ preset: 'hubspot', inputs: { portalId: '12345678' } }],
    });
    const result = await runCli(dir, ['render', '-c', 'c.json', '-n', '9 0721 234 567']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.out) as { urls: string[]; summary: string };
    expect(output.urls).toEqual([
      'https://app.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query=%2B40721234567',
    ]);
    expect(output.summary).toContain('was rewritten to "0721234567" by rewrite rule 1');
  });

  it('an unknown preset id exits 2 naming the file and rules[0].preset', async () => {
    await writeJson(path.join(dir, 'bad.json'), { rules: [{ preset: 'hubspit' }] });
    const result = await runCli(dir, ['render', '-c', 'bad.json', '-n', '0721234567']);
    expect(result.code).toBe(2);
    expect(result.err).toContain(path.join(dir, 'bad.json'));
    expect(result.err).toContain('rules[0].preset');
    expect(result.err).toContain('"hubspit" is not a preset');
  });

  it('a host input with a path exits 2 naming rules[0].inputs.orgHost', async () => {
    await writeJson(path.join(dir, 'bad.json'), {
      rules: [{ preset: 'dynamics-365', inputs: { orgHost: 'acme.crm4.dynamics.com/x' } }],
    });
    const result = await runCli(dir, ['render', '-c', 'bad.json', '-n', '0721234567']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('rules[0].inputs.orgHost');
  });

  it('a ReDoS rewrite pattern exits 2 naming phone.rewrite[0].pattern', async () => {
    await writeJson(path.join(dir, 'bad.json'), {
      phone: { rewrite: [{ pattern: '(0|00)+$', replacement: '' }] },
    });
    const result = await runCli(dir, ['render', '-c', 'bad.json', '-n', '0721234567']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('phone.rewrite[0].pattern');
  });
});
