// A pairing endpoint on a free loopback port with a recording settings writer.
import { configSchema, type ConnectorConfigInput } from '../../electron/core/config/schema.js';
import { Connector } from '../../electron/core/connector.js';
import { MemoryHistoryStore } from '../../electron/core/history/memory-history.js';
import {
  attachPairing,
  type PairingHandle,
  type PairingKey,
  type PairingRequest,
  type PairingSettingsWriter,
} from '../../electron/core/pairing/attach-pairing.js';
import type { Clock } from '../../electron/core/ports.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

export class RecordingSettings implements PairingSettingsWriter {
  readonly saved: Array<{ crmId: string; url?: string }> = [];
  readonly locked = new Set<PairingKey>();
  isLocked(key: PairingKey): boolean {
    return this.locked.has(key);
  }
  async save(changes: { crmId: string; url?: string }): Promise<void> {
    this.saved.push(changes);
  }
}

export interface PairingSetup {
  connector: Connector;
  pairing: PairingHandle;
  port: number;
  settings: RecordingSettings;
  requests: PairingRequest[];
  logger: MemoryLogger;
}

export async function startPairing(
  input: ConnectorConfigInput,
  options: {
    clock?: Clock;
    rateLimit?: { burst: number; refillMs: number };
    listenPort?: number;
  } = {},
): Promise<PairingSetup> {
  const logger = new MemoryLogger();
  const connector = new Connector({
    config: configSchema.parse({ ...input, pairing: { enabled: true, ...input.pairing } }),
    logger,
    secrets: new MemorySecretStore(),
    history: new MemoryHistoryStore(),
  });
  const settings = new RecordingSettings();
  const pairing = await attachPairing(connector, {
    settings,
    logger,
    listenPort: options.listenPort ?? 0,
    clock: options.clock,
    rateLimit: options.rateLimit,
  });
  const requests: PairingRequest[] = [];
  pairing.onPairingRequest((request) => requests.push(request));
  return { connector, pairing, port: pairing.port() ?? -1, settings, requests, logger };
}
