// Usage errors and configuration problems: one clear message, exit status 2.
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli, writeJson } from './cli-harness.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

describe('usage', () => {
  it('no command or an unknown command prints the usage and exits 2', async () => {
    const none = await runCli(dir, []);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: accolades-connector <command>');
    const unknown = await runCli(dir, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command "frobnicate"');
    expect(unknown.err).toContain('doctor');
  });

  it('an unknown flag prints the command usage and exits 2', async () => {
    const result = await runCli(dir, ['render', '--config', 'c.json', '--colour', 'red']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--colour/);
    expect(result.err).toContain('Usage: accolades-connector render');
  });

  it.each([
    'run',
    'render',
    'dial',
    'sms',
    'doctor',
    'simulator',
    'demo',
    'export-settings',
    'import-settings',
  ])('%s --help prints its usage and exits 0', async (command) => {
    const result = await runCli(dir, [command, '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Usage: accolades-connector ${command}`);
  });

  it('a command that needs --config says so', async () => {
    const result = await runCli(dir, ['dial', '0712345678']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Missing --config <file>.');
  });
});

describe('configuration problems exit 2 naming the file and the field', () => {
  it('a missing file', async () => {
    const result = await runCli(dir, ['render', '--config', 'nope.json', '--number', '1']);
    expect(result.code).toBe(2);
    expect(result.err).toContain(path.join(dir, 'nope.json'));
    expect(result.err).toContain('file not found');
  });

  it('a wrong value', async () => {
    await writeJson(path.join(dir, 'bad.json'), { phone: { defaultCountry: 'Romania' } });
    for (const command of ['run', 'render', 'doctor', 'dial']) {
      const argv =
        command === 'dial'
          ? ['dial', '1', '--config', 'bad.json']
          : [command, '--config', 'bad.json', ...(command === 'render' ? ['-n', '1'] : [])];
      const result = await runCli(dir, argv);
      expect(result.code, command).toBe(2);
      expect(result.err + result.out).toContain(path.join(dir, 'bad.json'));
      expect(result.err + result.out).toContain('phone.defaultCountry');
    }
  });

  it('broken JSON and a misspelt key', async () => {
    await writeFile(path.join(dir, 'torn.json'), '{"accolades": {"url": ');
    const torn = await runCli(dir, ['render', '-c', 'torn.json', '-n', '1']);
    expect(torn.code).toBe(2);
    expect(torn.err).toContain('torn.json');
    await writeJson(path.join(dir, 'typo.json'), { accolades: { crmID: 'x' } });
    const typo = await runCli(dir, ['render', '-c', 'typo.json', '-n', '1']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('accolades.crmID');
  });

  it('a bad --set names the flag', async () => {
    await writeJson(path.join(dir, 'ok.json'), {});
    const result = await runCli(dir, [
      'render',
      '-c',
      'ok.json',
      '-n',
      '1',
      '--set',
      'rest.acount=1',
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('command-line flags');
    expect(result.err).toContain('rest.acount');
  });
});
