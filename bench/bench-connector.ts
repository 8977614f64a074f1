// The pieces every bench shares: a no-op opener that timestamps each action, a logger that
// serializes every entry like production and then discards it, and a Connector factory.
import { performance } from 'node:perf_hooks';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configSchema } from '../electron/core/config/schema.js';
import { Connector } from '../electron/core/connector.js';
import type { CallHistory } from '../electron/core/history/history-entry.js';
import { HistoryStore } from '../electron/core/history/history-store.js';
import { createLogger } from '../electron/core/log.js';
import type { Logger, UrlOpener } from '../electron/core/ports.js';
import type { CallRecord } from '../electron/core/screen-pop/call-record.js';
import { MemorySecretStore } from '../electron/core/secrets/memory-secret-store.js';

export const CRM_TEMPLATE = 'https://crm.example.com/contacts?phone={e164}';

/** The "browser": does nothing but note when the action started. */
export class NoopOpener implements UrlOpener {
  opened = 0;
  lastUrl = '';
  onOpen: ((atMs: number) => void) | undefined;
  async open(url: string): Promise<void> {
    const at = performance.now();
    this.opened += 1;
    this.lastUrl = url;
    this.onOpen?.(at);
  }
}

/** Bytes the benches' loggers produced (and threw away). */
export const loggedBytes = { total: 0 };

/** Production log format (JSON per entry), written nowhere: the cost stays, the noise goes. */
export function discardingLogger(): Logger {
  return createLogger((entry) => {
    loggedBytes.total += JSON.stringify(entry).length;
  }, 'bench');
}

export async function createBenchConnector(options: {
  url: string;
  caPem: string;
  dir: string;
  opener: UrlOpener;
  /** Default: the production history file in `dir`. */
  history?: CallHistory<CallRecord>;
}): Promise<Connector> {
  const caFile = join(options.dir, 'ca.pem');
  await writeFile(caFile, options.caPem);
  const config = configSchema.parse({
    accolades: { url: options.url, crmId: 'bench-agent', caFile },
    // Every call must pop for the latency and memory figures: no dedupe, no flood limit.
    screenPop: { dedupeWindowSeconds: 0, burst: 100, refillSeconds: 0 },
    rules: [{ name: 'CRM', direction: 'inbound', open: CRM_TEMPLATE }],
  });
  return new Connector({
    config,
    logger: discardingLogger(),
    secrets: new MemorySecretStore(),
    history: options.history ?? new HistoryStore<CallRecord>({ directory: options.dir }),
    opener: options.opener,
  });
}

/**
 * A history that keeps nothing: for the latency bench's diagnostic run, to show the pipeline
 * without the file writes that follow every call.
 */
export function discardingHistory(): CallHistory<CallRecord> {
  return {
    append: async () => {},
    update: async () => undefined,
    list: async () => [],
    page: async () => ({ records: [], total: 0 }),
    each: async function* () {},
    get: async () => undefined,
    health: async () => ({ count: 0, skippedLines: 0, tornLines: 0 }),
  };
}

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
