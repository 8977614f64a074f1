// `{ "preset": …, "inputs": … }` in the rules of a settings or policy file, read through the
// real loader from a file on disk: it expands to the ordinary rule, and a wrong preset id or
// input is a ConfigError naming the file and the key.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configChecks } from '../../../electron/core/config-checks.js';
import { ConfigError, loadConfig } from '../../../electron/core/config/index.js';
import { configJsonSchema, policyJsonSchema } from '../../../electron/core/config/json-schema.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-preset-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value, null, 2));
  return file;
}

async function loadError(userFile: string): Promise<ConfigError> {
  try {
    await loadConfig({ userFile, policyFile: null, checks: configChecks });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('preset rules in a config file', () => {
  it('expand to the ordinary rule, in place, between ordinary rules, with overrides', async () => {
    const file = await write('settings.json', {
      rules: [
        { name: 'Internal', internal: true, open: 'https://pbx.acme.ro/ext/{digits}' },
        { preset: 'hubspot', inputs: { portalId: '12345678' }, direction: 'inbound' },
        { preset: 'zendesk', inputs: { subdomain: 'acme' }, name: 'Support desk', pop: 'click' },
      ],
    });
    const { config } = await loadConfig({ userFile: file, policyFile: null, checks: configChecks });
    expect(config.rules).toEqual([
      {
        name: 'Internal',
        internal: true,
        open: 'https://pbx.acme.ro/ext/{digits}',
        pop: 'auto',
        direction: 'any',
        withheld: false,
        openIn: 'auto',
        continue: false,
      },
      {
        name: 'HubSpot: find the contact',
        direction: 'inbound',
        internal: false,
        withheld: false,
        open: 'https://app.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query={e164}',
        openIn: 'auto',
        pop: 'auto',
        continue: false,
      },
      {
        name: 'Support desk',
        direction: 'any',
        internal: false,
        withheld: false,
        open: 'https://acme.zendesk.com/agent/search/1?type=user&q=phone%3A{e164|noplus}',
        openIn: 'auto',
        pop: 'click',
        continue: false,
      },
    ]);
  });

  it('an unknown preset id names rules[i].preset and lists the presets', async () => {
    const file = await write('settings.json', {
      rules: [{ name: 'ok', open: 'https://crm.example.ro/{e164}' }, { preset: 'hubspit' }],
    });
    const error = await loadError(file);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file, path: 'rules[1].preset' });
    expect(error.message).toContain('"hubspit" is not a preset');
    expect(error.message).toContain('hubspot');
  });

  it('a bad input names rules[i].inputs.<key> and shows an example', async () => {
    const file = await write('settings.json', {
      rules: [{ preset: 'hubspot', inputs: { portalId: '12a' } }],
    });
    const error = await loadError(file);
    expect(error.issues.map((i) => i.path)).toEqual(['rules[0].inputs.portalId']);
    expect(error.message).toContain('12345678');
  });

  it('a host input that is a URL with userinfo is refused, naming the key', async () => {
    const file = await write('settings.json', {
      rules: [{ preset: 'generic', inputs: { host: 'crm.acme.ro@evil.example', path: '/s' } }],
    });
    const error = await loadError(file);
    expect(error.issues.map((i) => i.path)).toEqual(['rules[0].inputs.host']);
    expect(error.message).toContain('host name only');
  });

  it('a misspelt input and a misspelt key are both named', async () => {
    const file = await write('settings.json', {
      rules: [{ preset: 'zendesk', inputs: { subdomian: 'acme' }, nmae: 'x' }],
    });
    const error = await loadError(file);
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['rules[0].nmae', 'rules[0].inputs.subdomian']),
    );
    expect(error.issues.map((i) => i.path)).not.toContain('rules[0].preset');
    const inputs = await write('inputs.json', {
      rules: [{ preset: 'zendesk', inputs: { subdomain: 'acme', subdomian: 'acme' } }],
    });
    const second = await loadError(inputs);
    expect(second.issues.map((i) => i.path)).toEqual(['rules[0].inputs.subdomian']);
  });

  it('a broken preset in the policy file drops the policy and says why, naming the key', async () => {
    const policyFile = await write('policy.json', {
      rules: [{ preset: 'dynamics-365', inputs: { orgHost: 'https://acme.crm4.dynamics.com' } }],
      locked: ['rules'],
    });
    const loaded = await loadConfig({ policyFile, checks: configChecks });
    expect(loaded.policyApplied).toBe(false);
    expect(loaded.policyError?.issues[0]).toMatchObject({
      file: policyFile,
      path: 'rules[0].inputs.orgHost',
    });
  });

  it('a preset in the policy file is applied and locked like any rule', async () => {
    const policyFile = await write('policy.json', {
      rules: [{ preset: 'pipedrive', inputs: { companyDomain: 'acme' } }],
      locked: ['rules'],
    });
    const loaded = await loadConfig({ policyFile, checks: configChecks });
    expect(loaded.policyApplied).toBe(true);
    expect(loaded.config.rules.map((r) => r.open)).toEqual([
      'https://acme.pipedrive.com/search?term={national}',
    ]);
  });

  it('the JSON schema for editors offers both shapes of a rule', () => {
    for (const schema of [configJsonSchema(), policyJsonSchema()]) {
      const rules = (schema.properties as Record<string, { items: { anyOf: unknown[] } }>).rules!;
      const shapes = JSON.stringify(rules.items.anyOf);
      expect(rules.items.anyOf).toHaveLength(2);
      expect(shapes).toContain('"preset"');
      expect(shapes).toContain('"inputs"');
      expect(shapes).toContain('"open"');
    }
  });
});

describe('a preset lookup in a config file', () => {
  it("becomes the preset's lookup block with the inputs in place and the admin's timeout", async () => {
    const file = await write('settings.json', {
      rules: [{ preset: 'hubspot', inputs: { portalId: '12345678' } }],
      lookup: { preset: 'hubspot', inputs: { portalId: '12345678' }, timeoutMs: 2500 },
    });
    const { config } = await loadConfig({ userFile: file, policyFile: null, checks: configChecks });
    expect(config.lookup).toMatchObject({
      url: 'https://api.hubapi.com/crm/v3/objects/contacts/search',
      method: 'POST',
      apiKeyScheme: 'bearer',
      listPath: 'results[*]',
      contactUrl: 'https://app.hubspot.com/contacts/12345678/record/0-1/{contactId}',
      timeoutMs: 2500,
    });
  });

  it('a preset without a lookup, a wrong input or a host that moves the lookup is an error naming the key', async () => {
    const noLookup = await loadError(
      await write('a.json', { lookup: { preset: 'salesforce', inputs: { instance: 'acme' } } }),
    );
    expect(noLookup.issues.map((i) => i.path)).toContain('lookup.preset');
    expect(noLookup.message).toMatch(/has no contact lookup/);

    const unknownKey = await loadError(
      await write('b.json', { lookup: { preset: 'hubspot', inputs: { portalId: '1' }, url: 'x' } }),
    );
    expect(unknownKey.issues.map((i) => i.path)).toContain('lookup.url');

    const moved = await loadError(
      await write('c.json', {
        lookup: { preset: 'pipedrive', inputs: { companyDomain: 'evil.example/x?' } },
      }),
    );
    expect(moved.issues.some((i) => i.path.startsWith('lookup.'))).toBe(true);
  });
});
