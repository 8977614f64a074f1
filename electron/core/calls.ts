// Domain types shared by the protocol, rules, screen-pop pipeline, history and UI.

export type CallDirection = 'inbound' | 'outbound';

/** A call notification as it came off the Accolades socket, before any interpretation. */
export interface CallNotification {
  direction: CallDirection;
  /** `phoneNumber` exactly as received (already length-capped by the parser). */
  rawNumber: string;
  /** Wall-clock ms when the frame arrived. */
  receivedAt: number;
  /** Monotonic ms when the frame arrived (for dedupe windows and latency). */
  receivedMono: number;
  /** The whole message as received, for the local event bridge (forwarded verbatim). */
  message: Readonly<Record<string, unknown>>;
}

/** One phone number in every format the templates offer. */
export interface PhoneNumberFormats {
  /** As received, untouched. */
  raw: string;
  /** +40712345678, or undefined when the number cannot be parsed as a phone number. */
  e164: string | undefined;
  /** 0712 345 678 style national format without spaces: 0712345678; falls back to digits. */
  national: string;
  /** Digits only (a leading + dropped). */
  digits: string;
  kind: 'external' | 'internal' | 'withheld' | 'invalid';
}
