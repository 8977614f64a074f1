// render (dry run), config layering seen from the CLI (policy locks beat flags), export/import,
// and the pure helpers for proxy and data folder.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../electron/cli/data-dir.js';
import { effectiveProxy, matchesNoProxy } from '../../electron/cli/proxy.js';
import { makeTempDir, runCli, writeJson } from './cli-harness.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

const rules = [
  {
    name: 'Web CRM',
    direction: 'inbound',
    open: 'https://crm.example.com/contacts?phone={e164}&n={national}',
  },
  {
    name: 'Local CRM',
    direction: 'outbound',
    run: { program: '/opt/crm/crm', args: ['--phone', '{national}', 'x {digits}'] },
  },
];

describe('render', () => {
  it('prints the exact URL and the trace for an inbound call', async () => {
    await writeJson(path.join(dir, 'c.json'), { rules });
    const result = await runCli(dir, ['render', '-c', 'c.json', '--number', '0712 345 678']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.out);
    expect(output.urls).toEqual([
      'https://crm.example.com/contacts?phone=%2B40712345678&n=0712345678',
    ]);
    expect(output.argv).toEqual([]);
    expect(output.trace.tried[0].matched).toBe(true);
    expect(output.summary).toContain('Web CRM');
  });

  it('prints the literal argv for an outbound call and why the inbound rule did not match', async () => {
    await writeJson(path.join(dir, 'c.json'), { rules });
    const result = await runCli(dir, [
      'render',
      '-c',
      'c.json',
      '-n',
      '+40712345678',
      '--direction',
      'outbound',
    ]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.out);
    expect(output.argv).toEqual([['/opt/crm/crm', '--phone', '0712345678', 'x 40712345678']]);
    expect(output.trace.tried[0]).toMatchObject({ name: 'Web CRM', matched: false });
    expect(output.trace.tried[0].why).toMatch(/inbound|direction/i);
  });

  it('says why nothing would happen', async () => {
    await writeJson(path.join(dir, 'c.json'), {});
    const output = JSON.parse(
      (await runCli(dir, ['render', '-c', 'c.json', '-n', '0712345678'])).out,
    );
    expect(output.urls).toEqual([]);
    expect(output.trace.nothing.reason).toBe('no-rule');
  });

  it('refuses a bad --direction with exit 2', async () => {
    await writeJson(path.join(dir, 'c.json'), {});
    const result = await runCli(dir, ['render', '-c', 'c.json', '-n', '1', '-d', 'sideways']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--direction must be inbound or outbound');
  });

  it('layers: --set beats the file, a locked policy key beats --set', async () => {
    await writeJson(path.join(dir, 'c.json'), { rules, phone: { defaultCountry: 'RO' } });
    const policy = await writeJson(path.join(dir, 'policy.json'), {
      rules: [{ name: 'Policy CRM', direction: 'any', open: 'https://policy.example/?p={digits}' }],
      locked: ['rules'],
    });
    const env = { ACCOLADES_POLICY_FILE: policy };
    const setRules = JSON.stringify([{ name: 'Flag CRM', open: 'https://flag.example/?p={e164}' }]);
    const result = await runCli(
      dir,
      ['render', '-c', 'c.json', '-n', '0712345678', '--set', `rules=${setRules}`],
      { env },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).urls).toEqual(['https://policy.example/?p=0712345678']);
    expect(result.err).toContain('Note: rules');

    const unlocked = await runCli(dir, [
      'render',
      '-c',
      'c.json',
      '-n',
      '0712345678',
      '--set',
      `rules=${setRules}`,
    ]);
    expect(JSON.parse(unlocked.out).urls).toEqual(['https://flag.example/?p=%2B40712345678']);
  });
});

describe('export-settings / import-settings', () => {
  it('round-trips the settings without any password', async () => {
    await writeJson(path.join(dir, 'c.json'), {
      accolades: { crmId: 'f8cb549544' },
      rest: { account: '123456', deviceId: '42' },
      rules,
    });
    // A copy for the agent's own other computer: with the CRM ID, and --yes for the program
    // rule it brings (an import asks about programs; see settings-file-confirm.test.ts).
    const exported = await runCli(
      dir,
      ['export-settings', '--config', 'c.json', '--include-crm-id'],
      {
        env: {
          ACCOLADES_POLICY_FILE: path.join(dir, 'none'),
          ACCOLADES_REST_PASSWORD: 'hunter2-secret',
        },
      },
    );
    expect(exported.code).toBe(0);
    expect(exported.out).not.toContain('hunter2');
    expect(exported.out).not.toMatch(/password"/i);
    await writeJson(path.join(dir, 'exported.json'), JSON.parse(exported.out));

    const imported = await runCli(dir, [
      'import-settings',
      'exported.json',
      '--config',
      'new.json',
      '--yes',
    ]);
    expect(imported.code).toBe(0);
    const written = JSON.parse(await readFile(path.join(dir, 'new.json'), 'utf8'));
    expect(written.accolades.crmId).toBe('f8cb549544');
    expect(written.rules).toEqual(JSON.parse(exported.out).rules);

    const again = await runCli(dir, ['export-settings', '-c', 'new.json', '--include-crm-id']);
    expect(JSON.parse(again.out)).toEqual(JSON.parse(exported.out));
  });

  it('leaves out keys the policy locks and says so', async () => {
    await writeJson(path.join(dir, 'in.json'), {
      accolades: { url: 'wss://evil.example:1', crmId: 'abc' },
    });
    const policy = await writeJson(path.join(dir, 'policy.json'), {
      accolades: { url: 'wss://client.voipit.ro:14327' },
      locked: ['accolades.url'],
    });
    const result = await runCli(dir, ['import-settings', 'in.json', '-c', 'out.json'], {
      env: { ACCOLADES_POLICY_FILE: policy },
    });
    expect(result.code).toBe(0);
    expect(result.err).toContain('Not imported: accolades.url is locked by the policy file');
    const written = JSON.parse(await readFile(path.join(dir, 'out.json'), 'utf8'));
    expect(written.accolades).toEqual({ crmId: 'abc' });
  });

  it('refuses a broken import naming the file and the field, and writes nothing', async () => {
    await writeJson(path.join(dir, 'in.json'), {
      rules: [{ name: 'x', open: 'ftp://crm.example/{e164}' }],
    });
    const result = await runCli(dir, ['import-settings', 'in.json', '-c', 'out.json']);
    expect(result.code).toBe(2);
    expect(result.err).toContain(path.join(dir, 'in.json'));
    expect(result.err).toContain('rules[0].open');
    await expect(readFile(path.join(dir, 'out.json'), 'utf8')).rejects.toThrow();
  });

  it('a missing import file is exit 2', async () => {
    const result = await runCli(dir, ['import-settings', 'gone.json', '-c', 'out.json']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('gone.json');
  });
});

describe('proxy and data folder helpers', () => {
  it('the proxy setting wins; else HTTPS_PROXY, except loopback and NO_PROXY hosts', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'internal.corp, .lan' };
    expect(effectiveProxy('http://set:1', 'wss://client.voipit.ro:14327', env)).toBe(
      'http://set:1',
    );
    expect(effectiveProxy(undefined, 'wss://client.voipit.ro:14327', env)).toBe(
      'http://proxy.corp:3128',
    );
    expect(effectiveProxy(undefined, 'wss://client.voipit.ro', { https_proxy: 'http://p:1' })).toBe(
      'http://p:1',
    );
    expect(effectiveProxy(undefined, 'wss://127.0.0.1:9', env)).toBeUndefined();
    expect(effectiveProxy(undefined, 'wss://localhost:9', env)).toBeUndefined();
    expect(effectiveProxy(undefined, 'wss://a.internal.corp', env)).toBeUndefined();
    expect(effectiveProxy(undefined, 'wss://pc.lan', env)).toBeUndefined();
    expect(effectiveProxy(undefined, 'wss://client.voipit.ro', {})).toBeUndefined();
    expect(matchesNoProxy('anything.example', '*')).toBe(true);
    expect(matchesNoProxy('notinternal.corp', 'internal.corp')).toBe(false);
  });

  it('the default data folder follows each OS', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe(
      '/home/ana/.local/share/accolades-connector/cli',
    );
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data' }, '/home/ana')).toBe(
      '/data/accolades-connector/cli',
    );
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'rel' }, '/home/ana')).toBe(
      '/home/ana/.local/share/accolades-connector/cli',
    );
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Accolades Connector/cli',
    );
    expect(
      defaultDataDir('win32', { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'C:\\Users\\ana'),
    ).toBe('C:\\Users\\ana\\AppData\\Local\\Accolades Connector\\cli');
  });
});
