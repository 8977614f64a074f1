// Binds the guarded handlers to `ipcMain`. This is the only place `ipcMain.handle` is called,
// so no channel can skip the sender check or the payload validation.
import { ipcMain } from 'electron';
import type { ZodType } from 'zod';
import {
  INVOKE_CHANNELS,
  INVOKE_NAMES,
  type InvokeName,
  type InvokeRequest,
} from '../../shared/ipc-contract.js';
import { requestValidators } from '../../shared/ipc-validators.js';
import {
  guardInvoke,
  type GuardOptions,
  type InvokeHandler,
  type InvokeHandlers,
} from './invoke-guard.js';

export function registerHandler<K extends InvokeName>(
  name: K,
  validator: ZodType<InvokeRequest<K>>,
  handler: InvokeHandler<K>,
  options: GuardOptions,
): () => void {
  const channel = INVOKE_CHANNELS[name];
  ipcMain.handle(channel, guardInvoke(name, handler, options, validator));
  return () => ipcMain.removeHandler(channel);
}

/** Registers every channel of the contract; returns one function that removes them all. */
export function registerAllHandlers(handlers: InvokeHandlers, options: GuardOptions): () => void {
  const removers = INVOKE_NAMES.map((name) =>
    registerHandler(
      name,
      requestValidators[name] as unknown as ZodType<InvokeRequest<typeof name>>,
      handlers[name] as InvokeHandler<typeof name>,
      options,
    ),
  );
  return () => removers.forEach((remove) => remove());
}
