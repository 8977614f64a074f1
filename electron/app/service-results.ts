// How core errors become the plain Result shapes the pages receive.
import type { ConfigError } from '../core/config/config-error.js';
import { DialBusyError } from '../core/connector.js';
import { RestError } from '../core/rest/rest-error.js';
import type { Failure, FailureCode, FieldError } from '../shared/ipc-contract.js';
import { errorMessage } from '../core/error-message.js';

export function errorText(error: unknown): string {
  return errorMessage(error);
}

/** `rules[2].open` → `rules.2.open`, the contract's path style. */
export function fieldErrors(error: ConfigError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.replace(/\[(\d+)\]/g, '.$1'),
    message: issue.message,
  }));
}

function restFailureCode(error: RestError): FailureCode {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return 'network';
    case 'not-configured':
    case 'no-password':
      return 'not-configured';
    case 'bad-request':
      // Refused before anything was sent (not a number, empty text): the input is the problem.
      return error.status === undefined ? 'invalid' : 'rest-error';
    default:
      return 'rest-error';
  }
}

export function failure(error: unknown, fallback: FailureCode = 'internal'): Failure {
  if (error instanceof DialBusyError) return { ok: false, code: 'busy', error: error.message };
  if (error instanceof RestError) {
    return { ok: false, code: restFailureCode(error), error: error.message };
  }
  return { ok: false, code: fallback, error: errorText(error) };
}
