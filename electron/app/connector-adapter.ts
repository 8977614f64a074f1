// The one place the composition root gets the connector core from: the real core façade
// adapted to ConnectorServices (see connector-services.ts, which tests use directly).
import { CoreConnectorServices } from './connector-services.js';
import type { ConnectorFactory } from './services.js';

export const createConnectorServices: ConnectorFactory = (deps) => new CoreConnectorServices(deps);
