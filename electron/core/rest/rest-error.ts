// Every way a REST call can fail, as one error type with a `kind` the UI can branch on and a
// message a person understands. The server's own words ("Unauthorized") are kept in `code`.
export type RestErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'ip-blocked'
  | 'not-found'
  | 'too-large'
  | 'server-error'
  | 'unexpected-status'
  | 'timeout'
  | 'network'
  | 'redirect'
  | 'bad-response'
  | 'no-password'
  | 'not-configured';

export type RestCommand = 'ping' | 'dial' | 'sms/send';

export interface RestErrorDetails {
  command?: RestCommand;
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** The `code` string from Accolades' error body ("401", "403.6", …). */
  code?: string;
  cause?: unknown;
}

export class RestError extends Error {
  override readonly name = 'RestError';
  readonly kind: RestErrorKind;
  readonly command: RestCommand | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;

  constructor(kind: RestErrorKind, message: string, details: RestErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.command = details.command;
    this.status = details.status;
    this.code = details.code;
  }
}

export const IP_BLOCKED_MESSAGE =
  "Accolades has temporarily blocked this computer's IP address after too many invalid requests; " +
  'wait before trying again, or ask your Accolades administrator to unblock it.';

/** The message for an HTTP error status (after any redirect / success handling). */
export function messageForStatus(
  kind: RestErrorKind,
  status: number,
  context: { command: RestCommand; account: string },
): string {
  const what = describeCommand(context.command);
  switch (kind) {
    case 'bad-request':
      return context.command === 'dial'
        ? `Accolades rejected the call request as invalid (HTTP 400). Check the device ID and the phone number.`
        : context.command === 'sms/send'
          ? `Accolades rejected the SMS as invalid (HTTP 400). Check the phone number and the message.`
          : `Accolades rejected the ${what} as invalid (HTTP 400).`;
    case 'unauthorized':
      return `Accolades refused the API password, or the REST API is not active for account ${context.account}.`;
    case 'ip-blocked':
      return IP_BLOCKED_MESSAGE;
    case 'not-found':
      return `Accolades does not know this address (HTTP 404). Check the REST base URL and the account number (${context.account}).`;
    case 'too-large':
      return `The ${what} was too large for Accolades (HTTP 413)${context.command === 'sms/send' ? '; shorten the message' : ''}.`;
    case 'server-error':
      return `Accolades had an internal error while handling the ${what} (HTTP 500). Try again later.`;
    default:
      return `Accolades answered the ${what} with an unexpected HTTP status ${status}.`;
  }
}

export function describeCommand(command: RestCommand): string {
  switch (command) {
    case 'ping':
      return 'connection test';
    case 'dial':
      return 'call request';
    default:
      return 'SMS';
  }
}

/** HTTP status (and the body's code) → kind. 403 counts as the IP block only with code 403.6. */
export function kindForStatus(status: number, code: string | undefined): RestErrorKind {
  switch (status) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthorized';
    case 403:
      return code === '403.6' ? 'ip-blocked' : 'unexpected-status';
    case 404:
      return 'not-found';
    case 413:
      return 'too-large';
    case 500:
      return 'server-error';
    default:
      return 'unexpected-status';
  }
}
