// Secrets in memory: tests, and the CLI when a caller hands the password over directly.
import type { SecretName, SecretStore } from '../ports.js';

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<SecretName, string>();

  constructor(initial: Partial<Record<SecretName, string>> = {}) {
    for (const [name, value] of Object.entries(initial) as Array<
      [SecretName, string | undefined]
    >) {
      if (value !== undefined) this.values.set(name, value);
    }
  }

  async get(name: SecretName): Promise<string | undefined> {
    return this.values.get(name);
  }
  async set(name: SecretName, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: SecretName): Promise<void> {
    this.values.delete(name);
  }
}
