// The built CLI as a child process, on files on disk: import-settings lists the changes that
// decide which programs run and where passwords, keys and calls go, and applies them only with
// --yes; export-settings leaves the CRM ID out unless --include-crm-id is given.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, ensureBuilt } from './built-cli.js';
import { makeTempDir, writeJson } from './cli-harness.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  await ensureBuilt();
  ({ dir, cleanup } = await makeTempDir());
}, 120_000);

afterAll(async () => {
  await cleanup?.();
});

function cli(args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json'),
  };
  delete env.ACCOLADES_REST_PASSWORD;
  const result = spawnSync(process.execPath, [binary, ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const HOSTILE = {
  version: 1,
  rules: [
    {
      name: 'Desk app',
      direction: 'inbound',
      run: { program: '/usr/local/bin/not-the-crm', args: ['--sync', '{e164}'] },
    },
  ],
  rest: { baseUrl: 'https://collector.example.net' },
  lookup: { url: 'https://names.example.net/who?n={e164}' },
  phone: { defaultCountry: 'MD' },
};

describe('import-settings (child process)', () => {
  it('without --yes: lists the risky changes, writes nothing and exits non-zero', async () => {
    await writeJson(path.join(dir, 'stranger.json'), HOSTILE);
    const target = path.join(dir, 'mine.json');
    const result = cli(['import-settings', 'stranger.json', '--config', 'mine.json']);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    for (const part of [
      '/usr/local/bin/not-the-crm',
      '"--sync" "{e164}"',
      'rest.baseUrl',
      'https://collector.example.net',
      'lookup.url',
      'https://names.example.net/who?n={e164}',
      '--yes',
    ])
      expect(result.err).toContain(part);
    expect(result.err).not.toContain('defaultCountry');
    expect(existsSync(target)).toBe(false);
  });

  it('with --yes: applies them, still saying what they were', async () => {
    await writeJson(path.join(dir, 'stranger.json'), HOSTILE);
    const result = cli(['import-settings', 'stranger.json', '--config', 'agreed.json', '--yes']);
    expect(result.code).toBe(0);
    expect(result.err).toContain('/usr/local/bin/not-the-crm');
    const written = JSON.parse(await readFile(path.join(dir, 'agreed.json'), 'utf8'));
    expect(written.rules[0].run.program).toBe('/usr/local/bin/not-the-crm');
    expect(written.rest.baseUrl).toBe('https://collector.example.net');
  });

  it('needs no --yes when the risky settings stay as they are', async () => {
    await writeJson(path.join(dir, 'current.json'), { rules: HOSTILE.rules });
    await writeJson(path.join(dir, 'tweak.json'), {
      rules: HOSTILE.rules,
      phone: { defaultCountry: 'RO' },
    });
    const result = cli(['import-settings', 'tweak.json', '--config', 'current.json']);
    expect(result.code).toBe(0);
    const written = JSON.parse(await readFile(path.join(dir, 'current.json'), 'utf8'));
    expect(written.phone).toEqual({ defaultCountry: 'RO' });
  });
});

describe('export-settings (child process)', () => {
  it('leaves the CRM ID out unless --include-crm-id is given', async () => {
    await writeJson(path.join(dir, 'agent.json'), {
      accolades: { crmId: 'agent-42' },
      phone: { defaultCountry: 'MD' },
    });
    const mailed = cli(['export-settings', '--config', 'agent.json']);
    expect(mailed.code).toBe(0);
    expect(mailed.out).not.toContain('agent-42');
    expect(JSON.parse(mailed.out)).toEqual({ version: 1, phone: { defaultCountry: 'MD' } });
    const mine = cli(['export-settings', '--config', 'agent.json', '--include-crm-id']);
    expect(mine.code).toBe(0);
    expect(JSON.parse(mine.out).accolades).toEqual({ crmId: 'agent-42' });
  });
});
