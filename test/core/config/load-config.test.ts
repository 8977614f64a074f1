import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configChecks, lookupCheck, ruleChecks } from '../../../electron/core/config-checks.js';
import {
  ConfigError,
  defaultConfig,
  loadConfig,
  parseConfigText,
  type ConfigMigration,
} from '../../../electron/core/config/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));
const fixture = (name: string): string => path.join(fixtures, name);
const noRuleChecks = { checks: [lookupCheck] };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function catchConfigError(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the defaults when there is no file and no policy', async () => {
    const loaded = await loadConfig({ policyFile: path.join(dir, 'none.json'), ...noRuleChecks });
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.policyApplied).toBe(false);
    expect(loaded.policyError).toBeUndefined();
    expect(loaded.sources['accolades.url']).toBe('default');
  });

  it('reads the documented example settings file', async () => {
    const loaded = await loadConfig({
      userFile: fixture('example-settings.json'),
      policyFile: null,
      ...noRuleChecks,
    });
    expect(loaded.config.rest.account).toBe('123456');
    expect(loaded.config.rules[1]?.run?.args).toEqual(['--phone', '{national}']);
    expect(loaded.sources['rest.account']).toBe('user');
    expect(loaded.sources['rest.dialFormat']).toBe('default');
  });

  it('names the file, line and column of broken JSON', async () => {
    // Written here rather than as a fixture, so no formatter can "fix" it.
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{\n  "accolades": {\n    "crmId": "f8cb549544",\n  }\n}\n');
    const error = await catchConfigError(loadConfig({ userFile: file, policyFile: null }));
    expect(error.file).toBe(file);
    // The trailing comma on line 3 makes the parser stop at the closing brace on line 4.
    expect(error.message).toBe(
      `Configuration "${file}": not valid JSON at line 4, column 3: Expected double-quoted property name`,
    );
  });

  it('reports the end of the file for truncated JSON', () => {
    const text = '{\n  "accolades": {';
    expect(() => parseConfigText(text, 'cut.json')).toThrow(/cut\.json.*line 2, column 17/);
  });

  it('names the file and every wrong field in one message', async () => {
    const error = await catchConfigError(
      loadConfig({ userFile: fixture('bad-fields.json'), policyFile: null }),
    );
    const paths = error.issues.map((i) => i.path).sort();
    expect(paths).toEqual([
      'accolades.crmId',
      'phone.defaultCountry',
      'rules[1].direction',
      'rules[2].opne',
    ]);
    for (const issue of error.issues) expect(issue.file).toBe(fixture('bad-fields.json'));
    expect(error.message).toContain('accolades.crmId: must be a string, not a number');
    expect(error.message).toContain(
      'rules[1].direction: must be one of "inbound", "outbound", "any"',
    );
    expect(error.message).toContain('rules[2].opne: unknown setting');
    expect(error.message).toContain('two-letter country code');
  });

  it('says when the file is missing', async () => {
    const missing = path.join(dir, 'missing.json');
    const error = await catchConfigError(loadConfig({ userFile: missing, policyFile: null }));
    expect(error.message).toBe(`Configuration "${missing}": file not found`);
  });

  it('refuses a file from a newer version, clearly', async () => {
    const error = await catchConfigError(
      loadConfig({ userFile: fixture('newer-version.json'), policyFile: null }),
    );
    expect(error.issues[0]?.path).toBe('version');
    expect(error.message).toMatch(
      /version 99.*only understands versions up to 1.*Update the Accolades Connector/,
    );
  });

  it('upgrades an old file through the migration list (synthetic v0 → v1)', async () => {
    const flatToNested: ConfigMigration = {
      from: 0,
      migrate: (raw) => {
        const { crmId, url, ...rest } = raw;
        return { ...rest, accolades: { crmId, url } };
      },
    };
    const original = await readFile(fixture('v0-flat.json'), 'utf8');
    const loaded = await loadConfig({
      userFile: fixture('v0-flat.json'),
      policyFile: null,
      migrations: [flatToNested],
      ...noRuleChecks,
    });
    expect(loaded.config.version).toBe(1);
    expect(loaded.config.accolades).toMatchObject({
      crmId: 'f8cb549544',
      url: 'wss://client.voipit.ro:14327',
    });
    // Pure: the file is untouched.
    expect(await readFile(fixture('v0-flat.json'), 'utf8')).toBe(original);
    // Without that step the same file cannot be read, and the message says why.
    const error = await catchConfigError(
      loadConfig({ userFile: fixture('v0-flat.json'), policyFile: null }),
    );
    expect(error.message).toContain('version 0 is too old');
  });

  it('names the rule when a template check fails', async () => {
    const file = path.join(dir, 'rules.json');
    await writeFile(
      file,
      JSON.stringify({ rules: [{ name: 'a' }, { name: 'bad', open: 'http://x/{e164}' }] }),
    );
    const error = await catchConfigError(
      loadConfig({
        userFile: file,
        policyFile: null,
        checks: [
          ruleChecks((rule, { allowHttp }) =>
            rule.open?.startsWith('http:') && !allowHttp ? ['http: is not allowed'] : [],
          ),
          lookupCheck,
        ],
      }),
    );
    expect(error.issues).toEqual([
      { file, path: 'rules[1]', message: 'rule "bad": http: is not allowed' },
    ]);
  });

  it('runs the real rule checks the CLI and the app pass in', async () => {
    const file = path.join(dir, 'rules.json');
    await writeFile(
      file,
      JSON.stringify({ rules: [{ name: 'evil', open: 'javascript:alert(1)' }] }),
    );
    await writeFile(
      file,
      JSON.stringify({
        rules: [
          { name: 'ok', open: 'https://crm.example.com/?p={e164}' },
          { name: 'nothing' },
          { name: 'evil', open: 'javascript:alert(1)' },
          { name: 'pattern', numberPattern: '([', open: 'https://crm.example.com/' },
          { name: 'batch', run: { program: 'C:\\crm\\pop.bat', args: ['{e164}'] } },
        ],
      }),
    );
    const error = await catchConfigError(
      loadConfig({ userFile: file, policyFile: null, checks: configChecks }),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      'rules[1]',
      'rules[2].open',
      'rules[3].numberPattern',
      'rules[4].run.program',
    ]);
    for (const issue of error.issues) expect(issue.file).toBe(file);
    expect(error.message).toMatch(/rules\[2\]\.open: rule "evil": /);
  });
});
