// Calls rung through the stand-in, and the server-side call-notification POSTs
// (accolades-api.md §4) sent to an integrator's URL when a call is "answered" or "hung up"
// from the control API. Only the five confirmed fields are sent.
import http from 'node:http';
import https from 'node:https';
import type { RingDirection } from './options.js';
import type { RecordKeeper } from './record.js';
import { errorMessage } from '../core/error-message.js';

export interface SimulatedCall {
  callId: string;
  crmId: string;
  userId: string;
  direction: RingDirection;
  phoneNumber: string;
  state: 'ringing' | 'answered' | 'hungUp';
}

export type CallEvent = 'answer' | 'hangup';

export interface CallEventOutcome {
  call: SimulatedCall;
  /** Status of the integrator's answer; undefined when no URL is configured or it failed. */
  notificationStatus?: number;
  notificationError?: string;
}

const NOTIFICATION_TIMEOUT_MS = 5000;
const KEPT_CALLS = 1000;

export class CallBook {
  private readonly calls = new Map<string, SimulatedCall>();
  private sequence = 0;

  constructor(
    private readonly record: RecordKeeper,
    private readonly now: () => number,
    private readonly notificationUrl: string | undefined,
    private readonly notificationCa: string | undefined,
  ) {
    if (notificationUrl !== undefined) {
      const protocol = new URL(notificationUrl).protocol;
      if (protocol !== 'http:' && protocol !== 'https:') {
        throw new Error(`callNotificationUrl must be http: or https:, not ${protocol}`);
      }
    }
  }

  /** A new ringing call with an id shaped like the platform's (`<digits>.<digits>`). */
  open(
    crmId: string,
    userId: string,
    direction: RingDirection,
    phoneNumber: string,
  ): SimulatedCall {
    this.sequence += 1;
    const callId = `${Math.floor(this.now() / 1000)}.${this.sequence}`;
    const call: SimulatedCall = { callId, crmId, userId, direction, phoneNumber, state: 'ringing' };
    this.calls.set(callId, call);
    if (this.calls.size > KEPT_CALLS) {
      const oldest = this.calls.keys().next().value;
      if (oldest !== undefined) this.calls.delete(oldest);
    }
    return call;
  }

  list(): SimulatedCall[] {
    return [...this.calls.values()];
  }

  /** Move a call to answered / hung up and notify the integrator's URL if one is set. */
  async event(callId: string, event: CallEvent): Promise<CallEventOutcome | undefined> {
    const call = this.calls.get(callId);
    if (!call) return undefined;
    call.state = event === 'answer' ? 'answered' : 'hungUp';
    if (this.notificationUrl === undefined) return { call };
    const fields = {
      apiName: 'callNotification',
      event,
      callId: call.callId,
      userId: call.userId,
      userType: 'user',
    };
    try {
      const status = await this.post(this.notificationUrl, new URLSearchParams(fields).toString());
      this.record.addNotification({ url: this.notificationUrl, fields, status });
      return { call, notificationStatus: status };
    } catch (error) {
      const message = errorMessage(error);
      this.record.addNotification({ url: this.notificationUrl, fields, error: message });
      return { call, notificationError: message };
    }
  }

  private post(url: string, body: string): Promise<number> {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        target,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
          },
          timeout: NOTIFICATION_TIMEOUT_MS,
          ...(this.notificationCa && target.protocol === 'https:'
            ? { ca: this.notificationCa }
            : {}),
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error('the notification URL did not answer in time')),
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
