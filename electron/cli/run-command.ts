// `run`: the connector without Electron. Every state change, call (with its rule trace and
// outcome), action and problem becomes one JSON object on its own stdout line, so scripts and
// log shippers can follow it; the logs go to stderr. Ctrl+C / SIGTERM stop it cleanly.
import path from 'node:path';
import { HistoryStore } from '../core/history/index.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import { CONFIG_OPTIONS, parseCommandArgs, requireConfigFlag } from './args.js';
import { loadCliConfig, policySummary } from './cli-config.js';
import { defaultDataDir } from './data-dir.js';
import { ExitCode, writeJsonLine, type CliIo } from './io.js';
import { cliLogger, makeCliConnector } from './make-connector.js';
import { attachRunIntegrations } from './run-integrations.js';
import type { Connector } from '../core/connector.js';
import { cliSecretStore } from '../core/secrets/index.js';

export const RUN_USAGE = `Usage: accolades-connector run --config <file> [--set key=value ...] [--data-dir <dir>] [--accept-pairing]

Runs the connector without the tray app. Writes one JSON object per line on stdout for every
connection state, call (with its rule trace), action and problem; logs go to stderr.
Stops cleanly on Ctrl+C or SIGTERM.

  --config, -c <file>   settings file (JSON)
  --set key=value       override one setting, e.g. --set accolades.crmId=f8cb549544 (repeatable)
  --data-dir <dir>      where the call history is kept (default: your user data folder)
  --accept-pairing      use the CRM ID a pairing request offers without asking (this run only;
                        without it the request is printed and nothing changes)

The local bridge (bridge.enabled), caller-name lookup (lookup.url) and pairing endpoint
(pairing.enabled) run when the settings turn them on. The bridge token and lookup API key come
from ACCOLADES_BRIDGE_TOKEN and ACCOLADES_LOOKUP_API_KEY.`;

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    { ...CONFIG_OPTIONS, 'data-dir': { type: 'string' }, 'accept-pairing': { type: 'boolean' } },
    RUN_USAGE,
  );
  if (values.help) {
    io.stdout(`${RUN_USAGE}\n`);
    return ExitCode.ok;
  }
  const stopRequested = io.stopSignal;
  const loaded = await loadCliConfig(io, requireConfigFlag(values.config, RUN_USAGE), values.set);
  const emit = (type: string, payload: Record<string, unknown>): void =>
    writeJsonLine(io, { type, time: new Date().toISOString(), ...payload });

  const policy = policySummary(loaded);
  emit('config', {
    file: loaded.file,
    policy: { file: loaded.policyFile, applied: loaded.policyApplied, message: policy.line },
  });
  if (!policy.ok) emit('problem', { source: 'policy', message: policy.line });
  for (const ignored of loaded.ignored) {
    emit('problem', {
      source: 'policy',
      message: `${ignored.path} (${ignored.source}): ${ignored.reason}`,
    });
  }

  const dataDir = path.resolve(
    io.cwd ?? process.cwd(),
    values['data-dir'] ?? defaultDataDir(io.platform ?? process.platform, io.env, io.homedir ?? ''),
  );
  const history = new HistoryStore<CallRecord>({
    directory: dataDir,
    logger: cliLogger(io, 'history', 'info'),
  });
  const secrets = cliSecretStore(loaded.config.rest, io.env);
  const connector = makeCliConnector(io, loaded.config, {
    history,
    secrets,
    logger: cliLogger(io, 'connector', 'info'),
  });
  emit('history', { file: history.file });
  const unsubscribe = followConnector(connector, emit);
  const stopReporting = await attachRunIntegrations(connector, {
    secrets,
    logger: cliLogger(io, 'connector', 'info'),
    emit,
    isLocked: (key) => [...loaded.locked].some((l) => key === l || key.startsWith(`${l}.`)),
    acceptPairing: values['accept-pairing'] === true,
  });

  await connector.start();
  const signal = await stopRequested;
  emit('stopping', { signal });
  await connector.stop();
  await connector.idle();
  stopReporting();
  await connector.detachPlugIns();
  unsubscribe();
  return ExitCode.ok;
}

/** Subscribes the JSON-line writer to the connector's events; returns the unsubscriber. */
export function followConnector(
  connector: Connector,
  emit: (type: string, payload: Record<string, unknown>) => void,
): () => void {
  const offs = [
    connector.events.on('state', (state) => emit('state', { ...state })),
    connector.events.on('call', (record) => {
      emit('call', {
        id: record.id,
        direction: record.direction,
        number: record.number,
        outcome: record.outcome,
        summary: record.trace.summary,
        trace: record.trace,
        actions: record.actions,
      });
      for (const action of record.actions) emit('action', { callId: record.id, ...action });
    }),
    connector.events.on('configuration', (answer) => emit('configuration', { answer })),
    connector.events.on('problem', (problem) => emit('problem', { ...problem })),
    connector.events.on('serverError', (event) => emit('error', { source: 'server', event })),
    connector.events.on('droppedFrame', (event) => emit('droppedFrame', { event })),
  ];
  return () => {
    for (const off of offs) off();
  };
}
