// The outgoing slice of ConnectorServices: checking a typed number, click2call, SMS and the
// credentials test, each turning the Connector's errors into a Result the pages can show.
import type { Connector } from '../core/connector.js';
import { numberToDial } from '../core/phone/number-to-dial.js';
import { smsWarnings } from '../core/rest/sms-warnings.js';
import type { DialDone, NumberCheck, Result, SmsDone } from '../shared/ipc-contract.js';
import { displayNumber } from './history-view.js';
import { failure } from './service-results.js';
import type { SettingsLayers } from './settings-layers.js';

const SMS_LIMIT = 160;

export class CallsService {
  constructor(
    private readonly connector: Connector,
    private readonly settings: SettingsLayers,
  ) {}

  normalizeNumber(text: string): Result<NumberCheck> {
    const config = this.settings.config;
    const parsed = numberToDial(text, config);
    if (!parsed.ok) return { ok: false, code: 'invalid', error: parsed.reason };
    return {
      ok: true,
      formats: parsed.formats,
      display: displayNumber(parsed.formats),
      dialAs: parsed.sent,
    };
  }

  async dial(number: string): Promise<Result<DialDone>> {
    try {
      const { sent } = await this.connector.dial(number);
      return {
        ok: true,
        dialed: sent,
        message: `Calling ${sent}: your phone rings first; answer it to reach the number.`,
      };
    } catch (error) {
      return failure(error);
    }
  }

  checkSms(text: string): { warnings: string[]; length: number; segments: number } {
    const length = [...text].length;
    return {
      warnings: smsWarnings(text).map((warning) => warning.message),
      length,
      segments: Math.max(1, Math.ceil(length / SMS_LIMIT)),
    };
  }

  async sendSms(number: string, text: string): Promise<Result<SmsDone>> {
    try {
      const { sent, warnings } = await this.connector.sendSms(number, text);
      return {
        ok: true,
        sentTo: sent,
        message: `The SMS to ${sent} is queued by Accolades.`,
        warnings: warnings.map((w) => w.message),
      };
    } catch (error) {
      return failure(error);
    }
  }

  async testCredentials(): Promise<Result<{ message: string }>> {
    try {
      await this.connector.testCredentials();
      return { ok: true, message: 'Accolades accepted the account number and the API password.' };
    } catch (error) {
      return failure(error);
    }
  }
}
