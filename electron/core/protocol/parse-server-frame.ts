// Turns one WebSocket frame from the Accolades server into a ServerMessage. It never throws:
// a bad frame becomes `{ kind: 'malformed' }` so the caller can drop and count it while the
// link stays up (reliability-security.md, "Messages").
import { isJsonObject, safeJsonParse } from './safe-json.js';
import type {
  ConfigurationValue,
  MalformedFrame,
  MalformedReason,
  ServerMessage,
} from './server-messages.js';

/** Frames larger than this are dropped (the socket's maxPayload uses the same figure). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Longer `phoneNumber`s are not phone numbers: the frame is dropped as malformed. */
export const MAX_PHONE_NUMBER_LENGTH = 64;

/** What the `ws` library hands to a 'message' listener, plus plain strings for tests. */
export type FrameData = string | Buffer | ArrayBuffer | readonly Buffer[];

// fatal: true makes invalid UTF-8 an error instead of silently becoming U+FFFD. The socket is
// opened with ws's own UTF-8 check off, so this is the only check and it drops, not closes.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(reason: MalformedReason, detail: string): MalformedFrame {
  return { kind: 'malformed', reason, detail };
}

function toBytes(data: Exclude<FrameData, string>): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.concat(data as Buffer[]);
}

function decodeText(
  data: FrameData,
): { ok: true; text: string } | { ok: false; frame: MalformedFrame } {
  if (typeof data === 'string') {
    if (Buffer.byteLength(data, 'utf8') > MAX_FRAME_BYTES) {
      return {
        ok: false,
        frame: malformed('oversize', `frame larger than ${MAX_FRAME_BYTES} bytes`),
      };
    }
    return { ok: true, text: data };
  }
  const bytes = toBytes(data);
  if (bytes.length > MAX_FRAME_BYTES) {
    return { ok: false, frame: malformed('oversize', `frame of ${bytes.length} bytes`) };
  }
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, frame: malformed('invalid-utf8', 'text frame is not valid UTF-8') };
  }
}

function configurationValue(value: unknown): ConfigurationValue {
  if (typeof value !== 'string') return { value };
  const parsed = safeJsonParse(value);
  return parsed.ok ? { value, json: parsed.value } : { value };
}

function phoneNumberOf(
  value: unknown,
): { ok: true; number: string } | { ok: false; detail: string } {
  let number: string;
  if (value === undefined || value === null) number = '';
  else if (typeof value === 'string') number = value;
  else if (typeof value === 'number' && Number.isFinite(value)) number = String(value);
  else return { ok: false, detail: `phoneNumber has type ${typeof value}` };
  if (number.length > MAX_PHONE_NUMBER_LENGTH) {
    return { ok: false, detail: `phoneNumber longer than ${MAX_PHONE_NUMBER_LENGTH} characters` };
  }
  return { ok: true, number };
}

function versionOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Parse one frame. `isBinary` is ws's flag; binary frames are never meaningful here. */
export function parseServerFrame(data: FrameData, isBinary: boolean): ServerMessage {
  try {
    if (isBinary) return malformed('binary', 'binary frames are not part of the protocol');
    const decoded = decodeText(data);
    if (!decoded.ok) return decoded.frame;
    const parsed = safeJsonParse(decoded.text);
    if (!parsed.ok) return malformed('not-json', 'frame is not JSON');
    const message = parsed.value;
    if (!isJsonObject(message)) return malformed('not-object', 'frame is JSON but not an object');
    const type = message.type;
    if (typeof type !== 'string') return malformed('no-type', 'frame has no string "type"');

    switch (type) {
      case 'authSucces':
      case 'authSuccess':
        return { kind: 'auth-success', type, version: versionOf(message.version), message };
      case 'authFailed':
        return {
          kind: 'auth-failed',
          reason: typeof message.reason === 'string' ? message.reason : '',
          message,
        };
      case 'configuration':
        return {
          kind: 'configuration',
          account: configurationValue(message.account),
          phone: configurationValue(message.phone),
          agent: configurationValue(message.agent),
          message,
        };
      case 'incomingCall':
      case 'outgoingCall': {
        const number = phoneNumberOf(message.phoneNumber);
        if (!number.ok) return malformed('bad-field', number.detail);
        return {
          kind: 'call',
          type,
          direction: type === 'incomingCall' ? 'inbound' : 'outbound',
          phoneNumber: number.number,
          message,
        };
      }
      case 'connectionClosed':
        return { kind: 'connection-closed', message };
      case 'error':
        return { kind: 'error', message };
      default:
        return { kind: 'unknown', type, message };
    }
  } catch (error) {
    // Nothing above should throw; this is the promise that a frame can never crash us.
    return malformed('not-json', `unexpected parser failure: ${String(error)}`);
  }
}
