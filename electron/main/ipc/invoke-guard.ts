// Every IPC request passes here before a handler sees it: the sender must be a top-level frame
// of one of our own pages, that page must be one the method declares as a caller, and the
// payload (typed `unknown`) must pass the method's declared zod schema. A handler that throws
// becomes a plain-words Failure; nothing reaches the renderer as a crash.
import type { Logger } from '../../core/ports.js';
import {
  mayCall,
  METHODS,
  type Failure,
  type InvokeName,
  type InvokeRequest,
  type InvokeResponse,
  type PageName,
} from '../../shared/ipc-contract.js';
import type { Translate } from '../../shared/i18n/index.js';

export type InvokeHandler<K extends InvokeName> = (
  request: InvokeRequest<K>,
) => Promise<InvokeResponse<K>>;
/** What main must implement: one handler per declared method (tsc proves none is missing). */
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
  /** Which of our pages a sender URL is (security/app-protocol.ts); undefined = not ours. */
  pageOf: (url: string) => PageName | undefined;
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

/** Why the sender's page may not call the method, or undefined when it is a declared caller. */
function checkCaller(
  name: InvokeName,
  url: string,
  pageOf: (url: string) => PageName | undefined,
): string | undefined {
  const page = pageOf(url);
  if (page === undefined) return 'not one of our pages';
  return mayCall(name, page) ? undefined : `the ${page} page is not a declared caller`;
}

/** Validates and runs one request (no sender check): also the loopback test bridge's entry. */
export async function runValidated<K extends InvokeName>(
  name: K,
  handler: InvokeHandler<K>,
  payload: unknown,
  options: Omit<GuardOptions, 'pageOf'>,
): Promise<InvokeResponse<K> | Failure> {
  const parsed = METHODS[name].request.safeParse(payload);
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
    return await handler(parsed.data as InvokeRequest<K>);
  } catch (error) {
    options.log.error('request failed', {
      channel: name,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return failure('internal', options.translate()('error.internal'));
  }
}

/**
 * The function given to `ipcMain.handle`: sender frame check, then the declared callers, then
 * validation, then the handler.
 */
export function guardInvoke<K extends InvokeName>(
  name: K,
  handler: InvokeHandler<K>,
  options: GuardOptions,
): (event: InvokeEventLike, payload?: unknown) => Promise<InvokeResponse<K> | Failure> {
  return async (event, payload) => {
    const refusal =
      checkSender(event, (url) => options.pageOf(url) !== undefined) ??
      checkCaller(name, event.senderFrame?.url ?? '', options.pageOf);
    if (refusal) {
      options.log.warn('refused a request', { channel: name, reason: refusal });
      return failure('forbidden', options.translate()('error.forbidden'));
    }
    return runValidated(name, handler, payload, options);
  };
}
