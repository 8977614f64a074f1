// Accolades REST API client (accolades-api.md §3): form-encoded POSTs to
// <baseUrl>/<account>/<command>/ carrying the API password. No automatic retries at all —
// a repeated `dial` rings the agent's phone twice — and after an IP block (403.6) nothing is
// sent until the person acts (`resetBlock()`), since every further request extends the block.
// Over 300 lines on purpose: the commands share one request path (block, timeout, redaction,
// error mapping), and keeping them together keeps the no-retry rule in one place.
import type http from 'node:http';
import type { Clock, Logger, SecretStore } from '../ports.js';
import { systemClock } from '../system-clock.js';
import { silentLogger } from '../log.js';
import { nodeHttpTransport, HttpTransportError, type HttpTransport } from './http-transport.js';
import {
  IP_BLOCKED_MESSAGE,
  RestError,
  describeCommand,
  kindForStatus,
  messageForStatus,
  type RestCommand,
} from './rest-error.js';
import { smsWarnings, type SmsWarning } from './sms-warnings.js';
import { errorMessage } from '../error-message.js';

export const REST_TIMEOUT_MS = 10_000;

export interface RestClientOptions {
  /** e.g. https://client.voipit.ro (config `rest.baseUrl`). */
  baseUrl: string;
  /** The account number (config `rest.account`). */
  account: string;
  /** Default device for `dial` (config `rest.deviceId`). */
  deviceId?: string;
  secrets: SecretStore;
  /** Default: Node's https with `agent` / `ca`. */
  transport?: HttpTransport;
  /** CA / proxy agent for the default transport. */
  agent?: http.Agent;
  ca?: string | Buffer;
  clock?: Clock;
  logger?: Logger;
  timeoutMs?: number;
}

export interface DialRequest {
  /** Default: the configured device. */
  deviceId?: string;
  /** Already in the configured format (see numberForRest). */
  phoneNumber: string;
}

export interface SmsRequest {
  phoneNumber: string;
  message: string;
  sendResultTo?: string;
  messageId?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', '::1', 'localhost']);

export class AccoladesRestClient {
  private readonly transport: HttpTransport;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private blocked = false;

  constructor(private readonly options: RestClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.timeoutMs = options.timeoutMs ?? REST_TIMEOUT_MS;
    this.transport =
      options.transport ??
      nodeHttpTransport({ agent: options.agent, ca: options.ca, clock: this.clock });
  }

  /** Tests connectivity and the password. Resolves when Accolades answers `pong`. */
  async ping(): Promise<void> {
    await this.send('ping', {}, 'pong');
  }

  /** Rings the device, then dials the number once it is answered. Never retried. */
  async dial(request: DialRequest): Promise<void> {
    const deviceId = (request.deviceId ?? this.options.deviceId ?? '').trim();
    if (deviceId === '') {
      throw new RestError(
        'not-configured',
        'No device ID is set for calls (rest.deviceId): Accolades needs to know which phone rings first.',
        { command: 'dial' },
      );
    }
    const phoneNumber = request.phoneNumber.trim();
    if (phoneNumber === '')
      throw new RestError('bad-request', 'There is no phone number to call.', { command: 'dial' });
    await this.send('dial', { deviceId, phoneNumber }, 'ok');
  }

  /** Queues an SMS. Returns what Accolades will change in the text (see smsWarnings). */
  async sendSms(request: SmsRequest): Promise<{ warnings: SmsWarning[] }> {
    const phoneNumber = request.phoneNumber.trim();
    if (phoneNumber === '')
      throw new RestError('bad-request', 'There is no phone number to send the SMS to.', {
        command: 'sms/send',
      });
    if (request.message === '')
      throw new RestError('bad-request', 'The SMS has no text.', { command: 'sms/send' });
    const fields: Record<string, string> = { phoneNumber, message: request.message };
    if (request.sendResultTo) fields.sendResultTo = request.sendResultTo;
    if (request.messageId) fields.messageId = request.messageId;
    await this.send('sms/send', fields, 'ok');
    return { warnings: smsWarnings(request.message) };
  }

  /** True after a 403.6 until `resetBlock()`. */
  isBlocked(): boolean {
    return this.blocked;
  }

  /** The person chose to try again after an IP block. */
  resetBlock(): void {
    this.blocked = false;
  }

  /** The URL a command goes to (exposed for the doctor's checklist). */
  commandUrl(command: RestCommand): URL {
    const base = this.baseUrl(command);
    const account = this.options.account.trim();
    if (account === '') {
      throw new RestError(
        'not-configured',
        'The Accolades account number is not set (rest.account).',
        { command },
      );
    }
    const prefix = base.pathname.replace(/\/+$/, '');
    // sms/send is documented without the trailing slash the other commands have.
    const suffix = command === 'sms/send' ? 'sms/send' : `${command}/`;
    return new URL(`${prefix}/${encodeURIComponent(account)}/${suffix}`, base);
  }

  private baseUrl(command: RestCommand): URL {
    let url: URL;
    try {
      url = new URL(this.options.baseUrl);
    } catch {
      throw new RestError(
        'not-configured',
        `The REST base URL "${this.options.baseUrl}" is not a valid URL (rest.baseUrl).`,
        { command },
      );
    }
    const loopback = LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      throw new RestError(
        'not-configured',
        `The REST base URL must start with https:// (rest.baseUrl is "${url.origin}").`,
        { command },
      );
    }
    if (url.username || url.password || url.search || url.hash) {
      throw new RestError(
        'not-configured',
        'The REST base URL must not contain a user name, password, query or fragment (rest.baseUrl).',
        { command },
      );
    }
    return url;
  }

  private async password(command: RestCommand): Promise<string> {
    let value: string | undefined;
    try {
      value = await this.options.secrets.get('restPassword');
    } catch (error) {
      throw new RestError('no-password', errorMessage(error), {
        command,
      });
    }
    if (value === undefined || value === '') {
      throw new RestError(
        'no-password',
        'No REST API password is set. In the app, enter it in Settings; for the command line, set ACCOLADES_REST_PASSWORD or rest.passwordFile.',
        { command },
      );
    }
    return value;
  }

  private async send(
    command: RestCommand,
    fields: Record<string, string>,
    expectedType: string,
  ): Promise<Record<string, unknown>> {
    if (this.blocked) {
      throw new RestError(
        'ip-blocked',
        `${IP_BLOCKED_MESSAGE} Nothing was sent; choose "Try again" when you are ready.`,
        { command, code: '403.6' },
      );
    }
    const url = this.commandUrl(command);
    const body = new URLSearchParams({
      ...fields,
      password: await this.password(command),
    }).toString();
    const started = this.clock.monotonicMs();
    const log = this.logger;
    try {
      const response = await this.exchange(command, url, body);
      const result = this.interpret(
        command,
        response.status,
        response.headers,
        response.body,
        expectedType,
      );
      log.info('Accolades REST request done', {
        command,
        status: response.status,
        ms: this.clock.monotonicMs() - started,
      });
      return result;
    } catch (error) {
      if (error instanceof RestError) {
        if (error.kind === 'ip-blocked') this.blocked = true;
        log.warn('Accolades REST request failed', {
          command,
          kind: error.kind,
          status: error.status,
          code: error.code,
        });
      }
      throw error;
    }
  }

  private async exchange(
    command: RestCommand,
    url: URL,
    body: string,
  ): Promise<{ status: number; headers: Record<string, string | undefined>; body: string }> {
    try {
      return await this.transport({
        url,
        body,
        timeoutMs: this.timeoutMs,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      });
    } catch (error) {
      if (error instanceof HttpTransportError && error.kind === 'timeout') {
        const seconds = Math.round(this.timeoutMs / 100) / 10;
        const extra =
          command === 'dial'
            ? ' The call may or may not have been placed: check your phone before trying again.'
            : '';
        throw new RestError(
          'timeout',
          `Accolades did not answer the ${describeCommand(command)} within ${seconds} seconds.${extra}`,
          { command, cause: error },
        );
      }
      if (error instanceof HttpTransportError && error.kind === 'too-large') {
        throw new RestError(
          'bad-response',
          `Accolades sent an unexpectedly large answer to the ${describeCommand(command)}.`,
          { command, cause: error },
        );
      }
      const reason =
        error instanceof HttpTransportError && error.errorCode
          ? error.errorCode
          : error instanceof Error
            ? error.message
            : String(error);
      throw new RestError(
        'network',
        `Could not reach Accolades at ${url.host} (${reason}). Check the network connection and rest.baseUrl.`,
        { command, cause: error },
      );
    }
  }

  private interpret(
    command: RestCommand,
    status: number,
    headers: Record<string, string | undefined>,
    text: string,
    expectedType: string,
  ): Record<string, unknown> {
    const context = { command, account: this.options.account };
    if (status >= 300 && status < 400) {
      const location = headers.location ? ` to ${headers.location.slice(0, 200)}` : '';
      throw new RestError(
        'redirect',
        `Accolades answered with a redirect${location} (HTTP ${status}), which is not followed. Check rest.baseUrl.`,
        { command, status },
      );
    }
    const json = parseObject(text);
    const code =
      typeof json?.code === 'string'
        ? json.code
        : typeof json?.code === 'number'
          ? String(json.code)
          : undefined;
    if (status !== 200) {
      const kind = kindForStatus(status, code);
      throw new RestError(kind, messageForStatus(kind, status, context), { command, status, code });
    }
    if (!json) {
      throw new RestError(
        'bad-response',
        `Accolades answered the ${describeCommand(command)} with something that is not JSON.`,
        { command, status },
      );
    }
    if (json.type === 'Error') {
      // An error body with status 200 is not documented; honour its code anyway.
      const statusFromCode = Number.parseInt(code ?? '', 10);
      const kind = kindForStatus(Number.isFinite(statusFromCode) ? statusFromCode : 0, code);
      throw new RestError(kind, messageForStatus(kind, statusFromCode, context), {
        command,
        status,
        code,
      });
    }
    if (json.type !== expectedType) {
      throw new RestError(
        'bad-response',
        `Accolades answered the ${describeCommand(command)} with an unexpected reply (type ${JSON.stringify(json.type)}).`,
        { command, status },
      );
    }
    return json;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
