// Shared by `dial` and `sms`: a REST failure (RestError and the secret store's errors) is
// shown as its plain message with exit status 1, never as a stack trace.
import { RestError } from '../core/rest/rest-error.js';
import { SecretStoreError } from '../core/secrets/index.js';
import { CliError, ExitCode } from './io.js';

export async function asPlainFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RestError || error instanceof SecretStoreError)
      throw new CliError(error.message, ExitCode.failed);
    throw error;
  }
}
