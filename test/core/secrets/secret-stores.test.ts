import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EnvSecretStore,
  MemorySecretStore,
  PasswordFileSecretStore,
  SecretStoreError,
  cliSecretStore,
} from '../../../electron/core/secrets/index.js';

const posix = process.platform !== 'win32';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'acc-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('EnvSecretStore', () => {
  it('reads ACCOLADES_REST_PASSWORD and refuses to write', async () => {
    const store = new EnvSecretStore({ ACCOLADES_REST_PASSWORD: 's3cret' });
    expect(await store.get('restPassword')).toBe('s3cret');
    expect(await store.get('bridgeToken')).toBeUndefined();
    expect(
      await new EnvSecretStore({ ACCOLADES_REST_PASSWORD: '' }).get('restPassword'),
    ).toBeUndefined();
    await expect(store.set('restPassword', 'x')).rejects.toThrow(
      /ACCOLADES_REST_PASSWORD; set it there/,
    );
  });
});

describe('PasswordFileSecretStore', () => {
  it.runIf(posix)('reads a private file, trimmed', async () => {
    const file = path.join(dir, 'pw');
    await writeFile(file, '  s3cret pass\n', { mode: 0o600 });
    await chmod(file, 0o600);
    expect(await new PasswordFileSecretStore(file).get('restPassword')).toBe('s3cret pass');
    expect(await new PasswordFileSecretStore(file).get('lookupApiKey')).toBeUndefined();
  });

  it.runIf(posix)('refuses a file readable by group or others, without revealing it', async () => {
    const file = path.join(dir, 'pw');
    await writeFile(file, 's3cret\n');
    for (const mode of [0o644, 0o640, 0o604]) {
      await chmod(file, mode);
      const error = await new PasswordFileSecretStore(file)
        .get('restPassword')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretStoreError);
      expect((error as Error).message).toBe(
        `The password file "${file}" can be read by other users (permissions ${mode.toString(8)}). ` +
          `Make it private to you, for example: chmod 600 "${file}"`,
      );
    }
  });

  it('says when the file is missing or empty', async () => {
    const missing = path.join(dir, 'missing');
    await expect(new PasswordFileSecretStore(missing).get('restPassword')).rejects.toThrow(
      `The password file "${missing}" (rest.passwordFile) does not exist.`,
    );
    const empty = path.join(dir, 'empty');
    await writeFile(empty, '\n', { mode: 0o600 });
    await expect(new PasswordFileSecretStore(empty).get('restPassword')).rejects.toThrow(
      /is empty/,
    );
  });

  it('does not check POSIX modes on Windows', async () => {
    const store = new PasswordFileSecretStore('C:\\pw.txt', {
      platform: 'win32',
      fs: { mode: async () => 0o666, readText: async () => 'win\r\n' },
    });
    expect(await store.get('restPassword')).toBe('win');
  });
});

describe('cliSecretStore', () => {
  it('prefers the configured password file, else the environment', async () => {
    const filed = cliSecretStore(
      { passwordFile: path.join(dir, 'missing') },
      {
        ACCOLADES_REST_PASSWORD: 'ignored',
      },
    );
    await expect(filed.get('restPassword')).rejects.toThrow(/does not exist/);
    expect(filed.unavailableReason?.()).toBeDefined();
    const env = cliSecretStore({}, { ACCOLADES_REST_PASSWORD: 'e' });
    expect(await env.get('restPassword')).toBe('e');
  });
  it('reads the bridge token and lookup API key from their variables, with or without a password file', async () => {
    const env = { ACCOLADES_BRIDGE_TOKEN: 'tok', ACCOLADES_LOOKUP_API_KEY: 'key' };
    for (const store of [
      cliSecretStore({}, env),
      cliSecretStore({ passwordFile: path.join(dir, 'missing') }, env),
    ]) {
      expect(await store.get('bridgeToken')).toBe('tok');
      expect(await store.get('lookupApiKey')).toBe('key');
      await expect(store.set('bridgeToken', 'x')).rejects.toThrow(/ACCOLADES_BRIDGE_TOKEN/);
    }
    expect(await cliSecretStore({}, {}).get('lookupApiKey')).toBeUndefined();
  });
  it('memory store round-trips', async () => {
    const store = new MemorySecretStore({ restPassword: 'a' });
    await store.set('bridgeToken', 'b');
    await store.delete('restPassword');
    expect([await store.get('restPassword'), await store.get('bridgeToken')]).toEqual([
      undefined,
      'b',
    ]);
  });
});
