// The one place the composition root gets the connector core from. The core façade
// (electron/core/connector.ts: supervisor + screen-pop pipeline + history + REST + config)
// is adapted to ConnectorServices here, so nothing else in electron/main depends on its shape.
import type { ConnectorFactory } from './services.js';

export const createConnectorServices: ConnectorFactory = () => {
  // Until the façade lands, starting the app says exactly what is missing instead of
  // pretending to work.
  throw new Error('The connector core façade (electron/core/connector.ts) is not wired in yet.');
};
