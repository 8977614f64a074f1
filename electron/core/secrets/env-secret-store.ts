// The headless CLI's simplest secret source: ACCOLADES_REST_PASSWORD (and, for the local bridge
// and the caller-name lookup, ACCOLADES_BRIDGE_TOKEN / ACCOLADES_LOOKUP_API_KEY) in the
// environment. Read-only: the CLI never writes secrets anywhere.
import type { SecretName, SecretStore } from '../ports.js';
import { SecretStoreError } from './secret-errors.js';

export const REST_PASSWORD_ENV = 'ACCOLADES_REST_PASSWORD';
export const BRIDGE_TOKEN_ENV = 'ACCOLADES_BRIDGE_TOKEN';
export const LOOKUP_API_KEY_ENV = 'ACCOLADES_LOOKUP_API_KEY';

/** Every secret the CLI can read, and the variable it comes from. */
export const SECRET_ENV_VARIABLES: Readonly<Record<SecretName, string>> = {
  restPassword: REST_PASSWORD_ENV,
  bridgeToken: BRIDGE_TOKEN_ENV,
  lookupApiKey: LOOKUP_API_KEY_ENV,
};

export class EnvSecretStore implements SecretStore {
  constructor(
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    private readonly variables: Partial<Record<SecretName, string>> = SECRET_ENV_VARIABLES,
  ) {}

  async get(name: SecretName): Promise<string | undefined> {
    const variable = this.variables[name];
    const value = variable ? this.env[variable] : undefined;
    return value === undefined || value === '' ? undefined : value;
  }

  async set(name: SecretName, _value?: string): Promise<void> {
    throw new SecretStoreError(this.readOnly(name));
  }

  async delete(name: SecretName): Promise<void> {
    throw new SecretStoreError(this.readOnly(name));
  }

  unavailableReason(): string {
    return `secrets come from environment variables here (${Object.values(this.variables).join(', ')}) and cannot be saved`;
  }

  private readOnly(name: SecretName): string {
    const variable = this.variables[name];
    return variable
      ? `The ${name} is read from the environment variable ${variable}; set it there.`
      : `The ${name} cannot be stored by the command-line connector.`;
  }
}
