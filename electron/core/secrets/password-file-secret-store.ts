// The REST password from a file (config `rest.passwordFile`), for services where environment
// variables leak into process listings or crash reports. Like ssh with a private key, a file
// that other users can read is refused: the password is already exposed, and saying so helps.
import { readFile, stat } from 'node:fs/promises';
import type { SecretName, SecretStore } from '../ports.js';
import { SecretStoreError } from './secret-errors.js';

export interface PasswordFileFs {
  /** File mode bits (as fs.stat's `mode`); rejects with ENOENT for a missing file. */
  mode(path: string): Promise<number>;
  readText(path: string): Promise<string>;
}

export const nodePasswordFileFs: PasswordFileFs = {
  mode: async (path) => (await stat(path)).mode,
  readText: (path) => readFile(path, 'utf8'),
};

export interface PasswordFileOptions {
  platform?: NodeJS.Platform;
  fs?: PasswordFileFs;
}

export class PasswordFileSecretStore implements SecretStore {
  private readonly platform: NodeJS.Platform;
  private readonly fs: PasswordFileFs;

  constructor(
    readonly file: string,
    options: PasswordFileOptions = {},
  ) {
    this.platform = options.platform ?? process.platform;
    this.fs = options.fs ?? nodePasswordFileFs;
  }

  async get(name: SecretName): Promise<string | undefined> {
    if (name !== 'restPassword') return undefined;
    let mode: number;
    try {
      mode = await this.fs.mode(this.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SecretStoreError(
        code === 'ENOENT'
          ? `The password file "${this.file}" (rest.passwordFile) does not exist.`
          : `The password file "${this.file}" cannot be read (${code ?? 'error'}).`,
      );
    }
    // Windows has no POSIX mode bits worth checking; its ACLs are the admin's business.
    if (this.platform !== 'win32' && (mode & 0o077) !== 0) {
      const octal = (mode & 0o777).toString(8).padStart(3, '0');
      throw new SecretStoreError(
        `The password file "${this.file}" can be read by other users (permissions ${octal}). ` +
          `Make it private to you, for example: chmod 600 "${this.file}"`,
      );
    }
    let text: string;
    try {
      text = await this.fs.readText(this.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SecretStoreError(
        `The password file "${this.file}" cannot be read (${code ?? 'error'}).`,
      );
    }
    // Editors add a final newline; passwords do not end in whitespace.
    const value = text.trim();
    if (value === '') throw new SecretStoreError(`The password file "${this.file}" is empty.`);
    return value;
  }

  async set(_name?: SecretName, _value?: string): Promise<void> {
    throw new SecretStoreError(
      `The REST password is read from "${this.file}"; edit that file to change it.`,
    );
  }

  async delete(): Promise<void> {
    throw new SecretStoreError(
      `The REST password is read from "${this.file}"; delete that file to remove it.`,
    );
  }

  unavailableReason(): string {
    return `the REST password is read from the file "${this.file}" and cannot be saved from here`;
  }
}
