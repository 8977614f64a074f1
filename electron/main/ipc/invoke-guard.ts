// Every IPC request passes here before a handler sees it: the sender must be a top-level frame
// of one of our own pages, and the payload (typed `unknown`) must pass its zod validator. A
// handler that throws becomes a plain-words Failure; nothing reaches the renderer as a crash.
import type { ZodType } from 'zod';
import type { Logger } from '../../core/ports.js';
import type {
  Failure,
  InvokeName,
  InvokeRequest,
  InvokeResponse,
} from '../../shared/ipc-contract.js';
import type { Translate } from '../../shared/i18n/index.js';
import { requestValidators } from '../../shared/ipc-validators.js';

export type InvokeHandler<K extends InvokeName> = (
  request: InvokeRequest<K>,
) => Promise<InvokeResponse<K>>;
export type InvokeHandlers = { [K in InvokeName]: InvokeHandler<K> };

/** The part of Electron's WebFrameMain the sender check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of Electron's IpcMainInvokeEvent the guard reads. */
export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

export interface GuardOptions {
  isOwnPage: (url: string) => boolean;
  log: Logger;
  /** The current UI language (it can change while the app runs). */
  translate: () => Translate;
}

function failure(code: Failure['code'], error: string): Failure {
  return { ok: false, code, error };
}

/** Why a sender is refused, or undefined when it is one of our own top-level pages. */
export function checkSender(
  event: InvokeEventLike,
  isOwnPage: (url: string) => boolean,
): string | undefined {
  const frame = event.senderFrame;
  // A null frame means the page navigated away or was destroyed while the message was in flight.
  if (!frame) return 'no sender frame';
  if (frame.parent !== null && frame.parent !== undefined) return 'sent from a sub-frame';
  if (!isOwnPage(frame.url)) return `sent from a foreign page (${frame.url.slice(0, 100)})`;
  return undefined;
}

/** Validates and runs one request (no sender check): also the loopback test bridge's entry. */
export async function runValidated<K extends InvokeName>(
  name: K,
  handler: InvokeHandler<K>,
  payload: unknown,
  options: Omit<GuardOptions, 'isOwnPage'>,
  validator: ZodType<InvokeRequest<K>> = requestValidators[name] as unknown as ZodType<
    InvokeRequest<K>
  >,
): Promise<InvokeResponse<K> | Failure> {
  const parsed = validator.safeParse(payload);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
      .join('; ');
    options.log.warn('refused a malformed request', { channel: name, problems: where });
    const result = failure('bad-request', options.translate()('error.badRequest'));
    result.errors = parsed.error.issues.slice(0, 20).map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    return result;
  }
  try {
    return await handler(parsed.data);
  } catch (error) {
    options.log.error('request failed', {
      channel: name,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return failure('internal', options.translate()('error.internal'));
  }
}

/** The function given to `ipcMain.handle`: sender check, then validation, then the handler. */
export function guardInvoke<K extends InvokeName>(
  name: K,
  handler: InvokeHandler<K>,
  options: GuardOptions,
  validator?: ZodType<InvokeRequest<K>>,
): (event: InvokeEventLike, payload?: unknown) => Promise<InvokeResponse<K> | Failure> {
  return async (event, payload) => {
    const refusal = checkSender(event, options.isOwnPage);
    if (refusal) {
      options.log.warn('refused a request', { channel: name, reason: refusal });
      return failure('forbidden', options.translate()('error.forbidden'));
    }
    return runValidated(name, handler, payload, options, validator);
  };
}
