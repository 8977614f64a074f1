// The file that holds encrypted secrets (base64), separate from the settings so exporting or
// sharing settings can never carry them along.
import Store from 'electron-store';
import type { SecretName } from '../../core/ports.js';
import type { EncryptedBlobStore } from './safe-storage-secrets.js';

export function createSecretBlobFile(directory: string): EncryptedBlobStore {
  const store = new Store<Partial<Record<SecretName, string>>>({
    cwd: directory,
    name: 'secrets',
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  });
  return {
    get: (name) => {
      const value = store.get(name);
      return typeof value === 'string' ? value : undefined;
    },
    set: (name, base64) => store.set(name, base64),
    delete: (name) => store.delete(name),
  };
}
