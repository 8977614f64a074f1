// The Connector as the CLI builds it: JSON-lines logs on stderr, the CLI secret store
// (ACCOLADES_REST_PASSWORD or rest.passwordFile), and a history of the caller's choosing.
import type { ConnectorConfig } from '../core/config/index.js';
import { Connector, type ConnectorOptions } from '../core/connector.js';
import { MemoryHistoryStore } from '../core/history/index.js';
import { createLogger, jsonLinesSink } from '../core/log.js';
import type { Logger, LogLevel } from '../core/ports.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import { cliSecretStore } from '../core/secrets/index.js';
import { withEffectiveProxy } from './cli-config.js';
import type { CliIo } from './io.js';

/** JSON-lines logs on stderr. One-shot commands log warnings only; `run` logs from info up. */
export function cliLogger(io: CliIo, scope = 'cli', minLevel: LogLevel = 'warn'): Logger {
  return createLogger(jsonLinesSink(io.stderr), scope, Date.now, minLevel);
}

export function makeCliConnector(
  io: CliIo,
  config: ConnectorConfig,
  extra: Partial<ConnectorOptions> = {},
): Connector {
  const effective = withEffectiveProxy(config, io);
  return new Connector({
    config: effective,
    logger: extra.logger ?? cliLogger(io, 'connector'),
    secrets: extra.secrets ?? cliSecretStore(effective.rest, io.env),
    history: extra.history ?? new MemoryHistoryStore<CallRecord>(),
    ...extra,
  });
}
