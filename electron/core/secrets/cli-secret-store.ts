// Which secret store the headless CLI uses: the password file when the config names one
// (explicit beats ambient), else the ACCOLADES_REST_PASSWORD environment variable. The bridge
// token and the caller-name lookup API key always come from their environment variables
// (ACCOLADES_BRIDGE_TOKEN, ACCOLADES_LOOKUP_API_KEY): the password file holds the REST password only.
import type { SecretName, SecretStore } from '../ports.js';
import { EnvSecretStore } from './env-secret-store.js';
import { PasswordFileSecretStore, type PasswordFileOptions } from './password-file-secret-store.js';

export function cliSecretStore(
  rest: { passwordFile?: string | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
  fileOptions: PasswordFileOptions = {},
): SecretStore {
  const fromEnv = new EnvSecretStore(env);
  if (rest.passwordFile === undefined || rest.passwordFile === '') return fromEnv;
  const file = new PasswordFileSecretStore(rest.passwordFile, fileOptions);
  const pick = (name: SecretName): SecretStore => (name === 'restPassword' ? file : fromEnv);
  return {
    get: (name) => pick(name).get(name),
    set: (name, value) => pick(name).set(name, value),
    delete: (name) => pick(name).delete(name),
    unavailableReason: () => file.unavailableReason?.(),
  };
}
