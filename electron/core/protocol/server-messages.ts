// The messages the Accolades External CRM socket sends us (accolades-api.md §2.6–2.9), as one
// discriminated union. `parseServerFrame` turns every frame into exactly one of these.
import type { CallDirection } from '../calls.js';

/** The authFailed reasons the docs list (MISSMATCH is spelled that way by the server). */
export const KNOWN_AUTH_FAILURE_REASONS = [
  'ID_NOT_FOUND',
  'IP_MISSMATCH',
  'CONNECTION_EXISTS',
] as const;
export type KnownAuthFailureReason = (typeof KNOWN_AUTH_FAILURE_REASONS)[number];

/** Why a frame was dropped. */
export type MalformedReason =
  'binary' | 'invalid-utf8' | 'oversize' | 'not-json' | 'not-object' | 'no-type' | 'bad-field';

/** The whole message as received (forbidden keys already dropped). */
export type RawMessage = Readonly<Record<string, unknown>>;

/** One of `account` / `phone` / `agent` from the configuration answer: opaque. */
export interface ConfigurationValue {
  /** The value exactly as sent (undefined when the field was absent). */
  value: unknown;
  /** Present only when `value` is a string that holds valid JSON: the parsed JSON. */
  json?: unknown;
}

export interface AuthSuccessMessage {
  kind: 'auth-success';
  /** Which spelling the server used: the docs say `authSucces`, the 2026 example `authSuccess`. */
  type: 'authSucces' | 'authSuccess';
  /** API version (`X.X.X`), when the server sent one. */
  version: string | undefined;
  message: RawMessage;
}

export interface AuthFailedMessage {
  kind: 'auth-failed';
  /** The reason verbatim ('' when the server sent none or a non-string one). */
  reason: string;
  message: RawMessage;
}

export interface ConfigurationMessage {
  kind: 'configuration';
  account: ConfigurationValue;
  phone: ConfigurationValue;
  agent: ConfigurationValue;
  message: RawMessage;
}

export interface CallMessage {
  kind: 'call';
  type: 'incomingCall' | 'outgoingCall';
  direction: CallDirection;
  /** As received; numbers coerced to string; '' when missing or empty (withheld). ≤ 64 chars. */
  phoneNumber: string;
  message: RawMessage;
}

export interface ConnectionClosedMessage {
  kind: 'connection-closed';
  message: RawMessage;
}

export interface ServerErrorMessage {
  kind: 'error';
  message: RawMessage;
}

/** A well-formed message whose `type` we do not know: ignored, for forward compatibility. */
export interface UnknownMessage {
  kind: 'unknown';
  type: string;
  message: RawMessage;
}

export interface MalformedFrame {
  kind: 'malformed';
  reason: MalformedReason;
  /** A short explanation for the log (never the frame's content). */
  detail: string;
}

export type ServerMessage =
  | AuthSuccessMessage
  | AuthFailedMessage
  | ConfigurationMessage
  | CallMessage
  | ConnectionClosedMessage
  | ServerErrorMessage
  | UnknownMessage
  | MalformedFrame;
