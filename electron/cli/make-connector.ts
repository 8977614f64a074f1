// The Connector as the CLI builds it: JSON-lines logs on stderr, the CLI secret store
// (ACCOLADES_REST_PASSWORD or rest.passwordFile), a history of the caller's choosing, and the
// default browser started directly (resolved when the link first starts, so one-shot commands
// never pay for it and `run`'s first pop does not wait for it).
import os from 'node:os';
import { resolveDefaultBrowser } from '../core/actions/default-browser.js';
import { NamedBrowserUrlOpener } from '../core/actions/named-browser.js';
import { NativeBrowserUrlOpener } from '../core/actions/native-url-opener.js';
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
  const logger = extra.logger ?? cliLogger(io, 'connector');
  const built: { connector?: Connector } = {};
  const allowHttp = () => (built.connector?.getConfig() ?? effective).screenPop.allowHttp;
  const platform = io.platform ?? process.platform;
  const nativeOpener = extra.opener
    ? undefined
    : new NativeBrowserUrlOpener({
        allowHttp,
        logger,
        named: new NamedBrowserUrlOpener({ allowHttp, platform, env: io.env }),
        resolve: () =>
          resolveDefaultBrowser({
            platform,
            env: io.env,
            homedir: io.homedir ?? os.homedir(),
          }),
      });
  const connector = new Connector({
    config: effective,
    logger,
    secrets: extra.secrets ?? cliSecretStore(effective.rest, io.env),
    history: extra.history ?? new MemoryHistoryStore<CallRecord>(),
    ...extra,
    opener: extra.opener ?? nativeOpener,
  });
  built.connector = connector;
  if (nativeOpener) {
    const off = connector.events.on('state', () => {
      off();
      void nativeOpener.prepare();
    });
  }
  return connector;
}
