// Click2call, SMS and the credentials check over Accolades REST. The REST client stays inside:
// callers get what they asked for (the number sent, SMS warnings), never the client, so every
// request goes through the same number parsing, one-at-a-time rule and CA/proxy route.
import type { ConnectorConfig } from './config/schema.js';
import type { TrustAndProxy } from './net/trust-and-proxy.js';
import { numberToDial } from './phone/number-to-dial.js';
import type { Clock, Logger, SecretStore } from './ports.js';
import type { HttpTransport } from './rest/http-transport.js';
import { AccoladesRestClient } from './rest/rest-client.js';
import { RestError } from './rest/rest-error.js';
import type { SmsWarning } from './rest/sms-warnings.js';

/** A second click2call while one is still being placed: never queued, never retried. */
export class DialBusyError extends Error {
  constructor() {
    super('A call is already being placed; wait for it to finish.');
    this.name = 'DialBusyError';
  }
}

export interface DialResult {
  /** The number as sent to Accolades, in the configured format. */
  sent: string;
}

export interface ClickToCallOptions {
  getConfig(): ConnectorConfig;
  route: TrustAndProxy;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  /** REST transport override (tests); default Node https with the CA/proxy agent. */
  transport?: HttpTransport;
  timeoutMs?: number;
}

export class ClickToCall {
  private client: AccoladesRestClient | undefined;
  private dialInFlight = false;

  constructor(private readonly options: ClickToCallOptions) {}

  /** The settings changed: the next request builds a client for the new ones. */
  settingsChanged(): void {
    this.client = undefined;
  }

  /** REST `dial` for what an agent typed or pasted. Never retried; one at a time. */
  async dial(text: string): Promise<DialResult> {
    const number = numberToDial(text, this.options.getConfig());
    if (!number.ok) throw new RestError('bad-request', number.reason, { command: 'dial' });
    if (this.dialInFlight) throw new DialBusyError();
    this.dialInFlight = true;
    try {
      await (await this.rest()).dial({ phoneNumber: number.sent });
      this.options.logger.info('dial accepted by Accolades', { number: number.sent });
      return { sent: number.sent };
    } finally {
      this.dialInFlight = false;
    }
  }

  async sendSms(
    numberText: string,
    message: string,
  ): Promise<{ sent: string; warnings: SmsWarning[] }> {
    const number = numberToDial(numberText, this.options.getConfig());
    if (!number.ok) throw new RestError('bad-request', number.reason, { command: 'sms/send' });
    const { warnings } = await (await this.rest()).sendSms({ phoneNumber: number.sent, message });
    return { sent: number.sent, warnings };
  }

  /** REST `ping`: are the account and password right? */
  async testCredentials(): Promise<void> {
    const client = await this.rest();
    client.resetBlock();
    await client.ping();
  }

  private async rest(): Promise<AccoladesRestClient> {
    if (!this.client) {
      const config = this.options.getConfig();
      this.client = new AccoladesRestClient({
        baseUrl: config.rest.baseUrl,
        account: config.rest.account,
        deviceId: config.rest.deviceId,
        secrets: this.options.secrets,
        transport: this.options.transport,
        agent: await this.options.route.agentFor(config.rest.baseUrl),
        clock: this.options.clock,
        logger: this.options.logger.child('rest'),
        timeoutMs: this.options.timeoutMs,
      });
    }
    return this.client;
  }
}
