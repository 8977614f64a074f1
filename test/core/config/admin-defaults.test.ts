// Admin defaults vs locks, through the real loader with files on disk: the policy's `defaults`
// block sits under the agent's own settings (they may change it), its top-level `locked` values
// sit over them. Order: built-in < admin defaults < user settings < admin locked values.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configChecks } from '../../../electron/core/config-checks.js';
import {
  ConfigError,
  applyUserChange,
  loadConfig,
  sourceOf,
} from '../../../electron/core/config/index.js';

let dir: string;
let policyFile: string;
let userFile: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-admin-defaults-'));
  policyFile = path.join(dir, 'policy.json');
  userFile = path.join(dir, 'user.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(policy: unknown, user: unknown = {}) {
  await writeFile(policyFile, typeof policy === 'string' ? policy : JSON.stringify(policy));
  await writeFile(userFile, JSON.stringify(user));
  return loadConfig({ userFile, policyFile, checks: configChecks });
}

describe('admin defaults in the policy file', () => {
  it('a policy with defaults only: the value applies, comes from the admin, and is not locked', async () => {
    const loaded = await load({
      defaults: { screenPop: { browser: 'firefox' }, ui: { notifications: false } },
    });
    expect(loaded.policyApplied).toBe(true);
    expect(loaded.config.screenPop.browser).toBe('firefox');
    expect(loaded.config.ui.notifications).toBe(false);
    expect(loaded.sources['screenPop.browser']).toBe('policy-default');
    expect(sourceOf(loaded, 'screenPop')).toBe('policy-default');
    expect([...loaded.locked]).toEqual([]);
    expect(loaded.adminDefaultKeys).toEqual(['screenPop.browser', 'ui.notifications']);
    // Untouched keys stay built-in.
    expect(loaded.sources['screenPop.burst']).toBe('default');
  });

  it("a user value wins over an admin default, and removing it returns to the admin's default", async () => {
    const loaded = await load(
      { defaults: { screenPop: { browser: 'firefox' } } },
      { screenPop: { browser: 'chromium' } },
    );
    expect(loaded.config.screenPop.browser).toBe('chromium');
    expect(loaded.sources['screenPop.browser']).toBe('user');
    expect(loaded.adminDefaultKeys).toContain('screenPop.browser');

    // "Reset" in the settings window is a merge patch with null for the key (the user layer).
    const reset = applyUserChange(
      { screenPop: { browser: 'chromium' } },
      { screenPop: { browser: null } },
      loaded.locked,
    );
    await writeFile(userFile, JSON.stringify(reset));
    const after = await loadConfig({ userFile, policyFile, checks: configChecks });
    expect(after.config.screenPop.browser).toBe('firefox');
    expect(after.sources['screenPop.browser']).toBe('policy-default');
  });

  it('defaults and locked for the same key: the locked value wins and the agent cannot change it', async () => {
    const loaded = await load(
      {
        ui: { notifications: true },
        defaults: { ui: { notifications: false, startAtLogin: false } },
        locked: ['ui.notifications'],
      },
      { ui: { notifications: false } },
    );
    expect(loaded.config.ui.notifications).toBe(true);
    expect(loaded.sources['ui.notifications']).toBe('policy');
    expect(loaded.ignored.map((i) => i.path)).toEqual(['ui.notifications']);
    // The unlocked default beside it stays changeable.
    expect(loaded.sources['ui.startAtLogin']).toBe('policy-default');
    expect(() => applyUserChange({}, { ui: { notifications: false } }, loaded.locked)).toThrowError(
      /ui\.notifications: is locked by your administrator/,
    );
    // A "reset" (null) of a locked key is a change too, and refused the same way.
    expect(() => applyUserChange({}, { ui: { notifications: null } }, loaded.locked)).toThrowError(
      /ui\.notifications: is locked by your administrator/,
    );
    expect(applyUserChange({}, { ui: { startAtLogin: true } }, loaded.locked)).toEqual({
      ui: { startAtLogin: true },
    });
  });

  it('a broken defaults block is a clear error naming the key under "defaults", and nothing of the policy applies', async () => {
    const loaded = await load(
      {
        accolades: { url: 'wss://pbx.example.com' },
        defaults: { screenPop: { burst: 'lots', brwoser: 'x' } },
      },
      { accolades: { crmId: 'me' } },
    );
    expect(loaded.policyApplied).toBe(false);
    expect(loaded.policyError?.issues.map((issue) => [issue.file, issue.path])).toEqual([
      [policyFile, 'defaults.screenPop.burst'],
      [policyFile, 'defaults.screenPop.brwoser'],
    ]);
    expect(loaded.policyError?.message).toContain('defaults.screenPop.burst');
    expect(loaded.config.accolades.crmId).toBe('me');
    expect(loaded.config.accolades.url).not.toBe('wss://pbx.example.com');

    const notObject = await load({ defaults: ['screenPop.browser'] });
    expect(notObject.policyError?.issues[0]).toMatchObject({ path: 'defaults' });
    expect(notObject.policyError?.message).toMatch(/defaults.*JSON object/);
  });

  it('a defaults rule with a refused template drops the policy, naming the file', async () => {
    const loaded = await load({
      defaults: { rules: [{ name: 'x', open: 'file:///etc/passwd' }] },
    });
    expect(loaded.policyApplied).toBe(false);
    expect(loaded.policyError?.issues[0]?.file).toBe(policyFile);
    expect(loaded.config.rules).toEqual([]);
  });

  it("the agent cannot use `defaults` or `locked` in their own settings file to fake the admin's", async () => {
    await writeFile(policyFile, JSON.stringify({}));
    for (const fake of [
      { defaults: { screenPop: { browser: 'firefox' } } },
      { locked: ['screenPop.browser'] },
    ]) {
      await writeFile(userFile, JSON.stringify(fake));
      const failure = await loadConfig({ userFile, policyFile, checks: configChecks }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).issues[0]).toMatchObject({
        file: userFile,
        path: Object.keys(fake)[0],
      });
    }
    // Nor through a change from the settings window (the same user layer).
    expect(() =>
      applyUserChange({}, { defaults: { ui: { notifications: false } } }, []),
    ).toThrowError(ConfigError);
  });
});
