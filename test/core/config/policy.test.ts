import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lookupCheck, ruleChecks } from '../../../electron/core/config-checks.js';
import {
  ConfigError,
  applyUserChange,
  layerFromAssignments,
  lockNotice,
  loadConfig,
  policyFilePath,
  resolveLayers,
  appPolicyFile,
  machinePolicyFile,
  sourceOf,
} from '../../../electron/core/config/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));
const noRuleChecks = { checks: [lookupCheck] };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-policy-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('policy file location', () => {
  it('follows each platform', () => {
    expect(policyFilePath('win32', { ProgramData: 'D:\\ProgramData' })).toBe(
      'D:\\ProgramData\\Accolades Connector\\policy.json',
    );
    expect(policyFilePath('win32', {})).toBe('C:\\ProgramData\\Accolades Connector\\policy.json');
    expect(policyFilePath('darwin', {})).toBe(
      '/Library/Application Support/Accolades Connector/policy.json',
    );
    expect(policyFilePath('linux', {})).toBe('/etc/accolades-connector/policy.json');
  });
  it('takes ProgramData from the environment only in its standard shape (a drive root folder)', () => {
    // A per-user variable can override ProgramData; anything but <drive>:\ProgramData is not it.
    expect(policyFilePath('win32', { ProgramData: 'C:\\Users\\agent\\pd' })).toBe(
      'C:\\ProgramData\\Accolades Connector\\policy.json',
    );
    expect(machinePolicyFile('win32', { ProgramData: '\\\\server\\share' })).toEqual({
      path: 'C:\\ProgramData\\Accolades Connector\\policy.json',
      note: 'ProgramData=\\\\server\\share ignored',
    });
  });
  it('can be overridden by ACCOLADES_POLICY_FILE (the CLI)', () => {
    expect(policyFilePath('linux', { ACCOLADES_POLICY_FILE: '/tmp/p.json' })).toBe('/tmp/p.json');
    expect(policyFilePath('win32', { ACCOLADES_POLICY_FILE: 'E:\\p.json' })).toBe('E:\\p.json');
  });
  it('the installed tray app ignores ACCOLADES_POLICY_FILE; a development build honours it', () => {
    const env = { ACCOLADES_POLICY_FILE: '/home/agent/mine.json' };
    expect(appPolicyFile({ platform: 'linux', env, packaged: true })).toEqual({
      path: '/etc/accolades-connector/policy.json',
      reason: 'machine-wide; ACCOLADES_POLICY_FILE ignored in the installed app',
    });
    expect(appPolicyFile({ platform: 'linux', env, packaged: false })).toEqual({
      path: '/home/agent/mine.json',
      reason: 'ACCOLADES_POLICY_FILE; development build',
    });
    expect(appPolicyFile({ platform: 'darwin', env: {}, packaged: true })).toEqual({
      path: '/Library/Application Support/Accolades Connector/policy.json',
      reason: 'machine-wide',
    });
    expect(
      appPolicyFile({
        platform: 'win32',
        env: { ...env, ProgramData: 'C:\\Users\\agent\\pd' },
        packaged: true,
      }),
    ).toEqual({
      path: 'C:\\ProgramData\\Accolades Connector\\policy.json',
      reason:
        'machine-wide; ACCOLADES_POLICY_FILE ignored in the installed app; ProgramData=C:\\Users\\agent\\pd ignored',
    });
  });
});

describe('layers', () => {
  const user = {
    name: 'user.json',
    values: {
      accolades: { url: 'wss://user.example.com', crmId: 'user-id' },
      rules: [{ name: 'mine', open: 'https://mine.example.com/{e164}' }],
      ui: { language: 'ro' },
    },
  };
  const policy = {
    name: 'policy.json',
    values: {
      accolades: { url: 'wss://pbx.example.com' },
      rest: { account: '777' },
      ui: { language: 'en' },
    },
    locked: ['accolades.url', 'rules'],
  };
  const flags = {
    name: 'command-line flags',
    values: {
      accolades: { url: 'wss://flag.example.com', crmId: 'flag-id' },
      ui: { language: 'ro' },
    },
  };

  it('stacks defaults < user < policy < flags, and locked keys win over user and flags', () => {
    const resolved = resolveLayers({ user, policy, flags, runChecks: false });
    expect(resolved.config.accolades.url).toBe('wss://pbx.example.com'); // locked
    expect(resolved.config.accolades.crmId).toBe('flag-id'); // flags beat user
    expect(resolved.config.rest.account).toBe('777'); // policy, not locked
    expect(resolved.config.ui.language).toBe('ro'); // unlocked: flags beat policy
    // Locked "rules" with no policy value: the default (empty) stays, the user's rule is ignored.
    expect(resolved.config.rules).toEqual([]);
    expect(resolved.sources).toMatchObject({
      'accolades.url': 'policy',
      'accolades.crmId': 'flags',
      'rest.account': 'policy',
      'rest.deviceId': 'default',
      rules: 'default',
    });
    expect(resolved.ignored).toEqual([
      {
        path: 'accolades.url',
        source: 'user',
        reason: 'accolades.url is locked by your administrator',
      },
      { path: 'rules', source: 'user', reason: 'rules is locked by your administrator' },
      {
        path: 'accolades.url',
        source: 'flags',
        reason: 'accolades.url is locked by your administrator',
      },
    ]);
    expect([...resolved.locked]).toEqual(['accolades.url', 'rules']);
    expect(sourceOf(resolved, 'accolades')).toBe('flags');
  });

  it('replaces arrays instead of merging them', () => {
    const resolved = resolveLayers({
      user,
      policy: {
        name: 'p',
        values: { rules: [{ name: 'company', open: 'https://c.example.com/' }] },
        locked: [],
      },
      runChecks: false,
    });
    expect(resolved.config.rules.map((r) => r.name)).toEqual(['company']);
    expect(resolved.sources.rules).toBe('policy');
  });

  it('a locked object locks everything under it', () => {
    const resolved = resolveLayers({
      user,
      policy: { name: 'p', values: {}, locked: ['accolades'] },
      runChecks: false,
    });
    expect(resolved.config.accolades.crmId).toBe('');
    expect(resolved.ignored.map((i) => i.path)).toEqual(['accolades.url', 'accolades.crmId']);
  });
});

describe('applyUserChange', () => {
  it('applies a merge patch, null removing a value', () => {
    const next = applyUserChange(
      { ui: { language: 'ro' }, rest: { account: '1' } },
      { ui: { language: null }, rest: { deviceId: '9' } },
      [],
    );
    expect(next).toEqual({ ui: {}, rest: { account: '1', deviceId: '9' } });
  });
  it('refuses a change to a locked key, naming it', () => {
    expect(() =>
      applyUserChange({}, { accolades: { url: 'wss://x' }, ui: { language: 'en' } }, [
        'accolades.url',
      ]),
    ).toThrow(
      'Configuration "settings": accolades.url: is locked by your administrator and cannot be changed here',
    );
    expect(() => applyUserChange({}, { accolades: null }, ['accolades.url'])).toThrow(ConfigError);
    expect(() => applyUserChange({}, { rules: [] }, ['rules'])).toThrow(/rules: is locked/);
  });
  it('validates the result', () => {
    expect(() => applyUserChange({}, { phone: { internalMaxDigits: 'four' } }, [])).toThrow(
      /phone\.internalMaxDigits/,
    );
  });
});

describe('policy file on disk', () => {
  it('applies values and locks from the policy file; a missing file is fine', async () => {
    const userFile = path.join(dir, 'user.json');
    await writeFile(
      userFile,
      JSON.stringify({ accolades: { url: 'wss://mine.example.com', crmId: 'me' } }),
    );
    const loaded = await loadConfig({
      userFile,
      platform: 'linux',
      env: { ACCOLADES_POLICY_FILE: path.join(fixtures, 'policy-locking.json') },
      ...noRuleChecks,
    });
    expect(loaded.policyApplied).toBe(true);
    expect(loaded.config.accolades.url).toBe('wss://pbx.example.com:14327');
    expect(loaded.config.accolades.crmId).toBe('me');
    expect(loaded.config.rules[0]?.name).toBe('Company CRM');
    expect(loaded.locked.has('rules')).toBe(true);

    const without = await loadConfig({
      userFile,
      env: { ACCOLADES_POLICY_FILE: path.join(dir, 'nope.json') },
      ...noRuleChecks,
    });
    expect(without.policyApplied).toBe(false);
    expect(without.policyError).toBeUndefined();
    expect(without.config.accolades.url).toBe('wss://mine.example.com');
  });

  it('a broken policy file is reported, and the other layers stay in effect', async () => {
    const userFile = path.join(dir, 'user.json');
    await writeFile(userFile, JSON.stringify({ accolades: { crmId: 'me' } }));
    const policyFile = path.join(dir, 'policy.json');
    await writeFile(
      policyFile,
      '{ "accolades": { "url": "wss://pbx" }, "locked": ["accolades.ulr"] ',
    );
    let loaded = await loadConfig({ userFile, policyFile, ...noRuleChecks });
    expect(loaded.policyApplied).toBe(false);
    expect(loaded.policyError?.message).toMatch(
      new RegExp(`${policyFile}.*not valid JSON at line 1`),
    );
    expect(loaded.config.accolades.crmId).toBe('me');

    await writeFile(
      policyFile,
      JSON.stringify({ rest: { account: 5 }, locked: ['accolades.ulr', 'rules'] }),
    );
    loaded = await loadConfig({ userFile, policyFile, ...noRuleChecks });
    expect(loaded.policyError?.issues.map((i) => [i.file, i.path])).toEqual([
      [policyFile, 'locked[0]'],
      [policyFile, 'rest.account'],
    ]);
    expect(loaded.policyError?.message).toContain(
      '"accolades.ulr" is not a setting that can be locked',
    );

    // A policy rule refused by the template checks also drops the policy, reported.
    await writeFile(
      policyFile,
      JSON.stringify({ rules: [{ name: 'p', open: 'file:///etc/passwd' }] }),
    );
    loaded = await loadConfig({
      userFile,
      policyFile,
      checks: [
        ruleChecks((r) => (r.open?.startsWith('file:') ? ['file: refused'] : [])),
        lookupCheck,
      ],
    });
    expect(loaded.policyApplied).toBe(false);
    expect(loaded.policyError?.issues[0]).toMatchObject({ file: policyFile, path: 'rules[0]' });
    expect(loaded.config.rules).toEqual([]);
  });
});

describe('command-line flags', () => {
  it('turns key=value pairs into a layer, keeping ids as text', () => {
    expect(
      layerFromAssignments([
        'rest.account=0123',
        'phone.internalMaxDigits=5',
        'screenPop.paused=true',
        'accolades.url=wss://x:1',
      ]),
    ).toEqual({
      rest: { account: '0123' },
      phone: { internalMaxDigits: 5 },
      screenPop: { paused: true },
      accolades: { url: 'wss://x:1' },
    });
  });
  it('names unknown keys and malformed pairs', () => {
    expect(() => layerFromAssignments(['rest.acount=1', 'rules'])).toThrow(
      /command-line flags.*\n.*rest\.acount: unknown setting.*\n.*rules: write it as key=value/,
    );
  });
  it('says why a control is disabled', () => {
    const resolved = resolveLayers({
      policy: { name: '/etc/p.json', values: {}, locked: ['rules'] },
      flags: { name: 'command-line flags', values: layerFromAssignments(['ui.language=ro']) },
      runChecks: false,
    });
    expect(lockNotice(resolved, 'rules')).toBe('Locked by your administrator (/etc/p.json).');
    expect(lockNotice(resolved, 'ui.language')).toBe('Set on the command line for this run.');
    expect(lockNotice(resolved, 'ui.notifications')).toBeUndefined();
  });
});
