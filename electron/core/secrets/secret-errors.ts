// Secret-store failures carry a message for a person and never the secret itself.
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
}
