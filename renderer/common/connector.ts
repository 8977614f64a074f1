// The page's handle on the preload API. Types only come from the contract; the object itself
// is whatever the preload (or, in tests, the test bridge) put on window.connector.
import type { ConnectorApi, Failure, Result } from '../../electron/shared/ipc-contract.js';

declare global {
  interface Window {
    connector?: ConnectorApi;
  }
}

export function connector(): ConnectorApi {
  const api = window.connector;
  if (!api) throw new Error('window.connector is missing: this page must be opened by the app');
  return api;
}

export function isFailure<T extends object>(result: Result<T>): result is Failure {
  return result.ok === false;
}
