// The REST password (and other secrets) encrypted with Electron's safeStorage (Keychain on
// macOS, DPAPI on Windows, the desktop keyring on Linux) and kept as base64 in a file of their
// own, never in the settings JSON. On Linux without a keyring safeStorage falls back to the
// `basic_text` backend (a fixed key): that is not safe, so we refuse to store and say why.
// https://www.electronjs.org/docs/latest/api/safe-storage
import { safeStorage } from 'electron';
import type { SecretName, SecretStore } from '../../core/ports.js';

/** Where the encrypted blobs live (electron-store in the app, a Map in tests). */
export interface EncryptedBlobStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, base64: string): void;
  delete(name: SecretName): void;
}

export interface SecretStoreMessages {
  basicText: () => string;
  unavailable: () => string;
}

export interface SafeStorageSecretStoreOptions {
  blobs: EncryptedBlobStore;
  messages: SecretStoreMessages;
  platform?: NodeJS.Platform;
}

export class SafeStorageSecretStore implements SecretStore {
  private availability: 'available' | 'basic-text' | 'unavailable' = 'unavailable';

  private constructor(private readonly options: SafeStorageSecretStoreOptions) {}

  /** Probes safeStorage once (after app `ready`) so `unavailableReason()` can answer at once. */
  static async create(options: SafeStorageSecretStoreOptions): Promise<SafeStorageSecretStore> {
    const store = new SafeStorageSecretStore(options);
    await store.probe();
    return store;
  }

  async probe(): Promise<void> {
    const platform = this.options.platform ?? process.platform;
    let available = false;
    try {
      available = await safeStorage.isAsyncEncryptionAvailable();
    } catch {
      available = false;
    }
    if (
      available &&
      platform === 'linux' &&
      safeStorage.getSelectedStorageBackend() === 'basic_text'
    ) {
      this.availability = 'basic-text';
    } else {
      this.availability = available ? 'available' : 'unavailable';
    }
  }

  unavailableReason(): string | undefined {
    if (this.availability === 'basic-text') return this.options.messages.basicText();
    if (this.availability === 'unavailable') return this.options.messages.unavailable();
    return undefined;
  }

  async get(name: SecretName): Promise<string | undefined> {
    const blob = this.options.blobs.get(name);
    if (blob === undefined || this.availability !== 'available') return undefined;
    const { result } = await safeStorage.decryptStringAsync(Buffer.from(blob, 'base64'));
    return result;
  }

  async set(name: SecretName, value: string): Promise<void> {
    const reason = this.unavailableReason();
    if (reason) throw new Error(reason);
    const encrypted = await safeStorage.encryptStringAsync(value);
    this.options.blobs.set(name, encrypted.toString('base64'));
  }

  async delete(name: SecretName): Promise<void> {
    this.options.blobs.delete(name);
  }

  /** Whether a secret is stored (without decrypting it). */
  has(name: SecretName): boolean {
    return this.options.blobs.get(name) !== undefined;
  }
}
