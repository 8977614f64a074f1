// Binds the guarded handlers to `ipcMain`, one channel per declared method. This is the only
// place `ipcMain.handle` is called, so no channel can skip the sender check, the caller check
// or the payload validation.
import { ipcMain } from 'electron';
import { INVOKE_NAMES, invokeChannel } from '../../shared/ipc-contract.js';
import { guardInvoke, type GuardOptions, type InvokeHandlers } from './invoke-guard.js';

/** Registers every declared method; returns one function that removes them all. */
export function registerAllHandlers(handlers: InvokeHandlers, options: GuardOptions): () => void {
  for (const name of INVOKE_NAMES) {
    ipcMain.handle(invokeChannel(name), guardInvoke(name, handlers[name], options));
  }
  return () => INVOKE_NAMES.forEach((name) => ipcMain.removeHandler(invokeChannel(name)));
}
