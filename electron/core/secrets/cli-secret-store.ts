// Which secret store the headless CLI uses: the password file when the config names one
// (explicit beats ambient), else the ACCOLADES_REST_PASSWORD environment variable.
import type { SecretStore } from '../ports.js';
import { EnvSecretStore } from './env-secret-store.js';
import { PasswordFileSecretStore, type PasswordFileOptions } from './password-file-secret-store.js';

export function cliSecretStore(
  rest: { passwordFile?: string | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
  fileOptions: PasswordFileOptions = {},
): SecretStore {
  if (rest.passwordFile !== undefined && rest.passwordFile !== '') {
    return new PasswordFileSecretStore(rest.passwordFile, fileOptions);
  }
  return new EnvSecretStore(env);
}
