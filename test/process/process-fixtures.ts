// What the process tests give the CLI to work with: a stand-in they can stop and start again on
// the same port with the same certificate (a server restart), a config pointing at it, a
// "browser" that only records the URLs it was asked to open, a slow local program, and readers
// for the call history the child wrote.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ConnectorConfigInput } from '../../electron/core/config/index.js';
import { createCertificateAuthority } from '../../electron/simulator/certificates.js';
import {
  DEMO_AGENT_ID,
  startSimulator,
  type SimulatorHandle,
  type SimulatorTls,
} from '../../electron/simulator/index.js';

export const AGENT = DEMO_AGENT_ID;

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port nothing listens on right now (a server that is down). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One CA and server certificate for a whole test file, so a restarted stand-in is trusted. */
export async function mintTls(): Promise<SimulatorTls> {
  const ca = await createCertificateAuthority();
  const leaf = await ca.issueServer({ ipAddresses: ['127.0.0.1'] });
  return { caCert: ca.cert, cert: leaf.cert, key: leaf.key };
}

/** The simulator, restartable on the port it first got (or was given). */
export class StandIn {
  private current: SimulatorHandle | undefined;

  private constructor(
    private readonly tls: SimulatorTls,
    public port: number,
  ) {}

  static async start(tls: SimulatorTls, port = 0): Promise<StandIn> {
    const standIn = new StandIn(tls, port);
    await standIn.up();
    return standIn;
  }

  get handle(): SimulatorHandle {
    if (!this.current) throw new Error('the stand-in is down');
    return this.current;
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  async up(): Promise<void> {
    if (this.current) return;
    this.current = await startSimulator({ tls: this.tls, port: this.port });
    this.port = Number(new URL(this.current.wssUrl).port);
  }

  async down(): Promise<void> {
    const handle = this.current;
    this.current = undefined;
    await handle?.close();
  }

  /** Rings the demo agent; true when the stand-in handed the call to a connected connector. */
  ring(direction: 'incoming' | 'outgoing', number: string): boolean {
    return this.handle.ringAgent(AGENT, direction, number).delivered;
  }
}

/** A `run` config for the demo agent at 127.0.0.1:port over TLS with the given CA. */
export async function writeRunConfig(
  dir: string,
  name: string,
  target: { port: number; caFile: string; crmId?: string },
  extra: ConnectorConfigInput = {},
): Promise<string> {
  const base = `127.0.0.1:${target.port}`;
  const config: ConnectorConfigInput = {
    ...extra,
    accolades: { url: `wss://${base}`, crmId: target.crmId ?? AGENT, caFile: target.caFile },
    rest: { baseUrl: `https://${base}`, account: '123456', deviceId: '42' },
  };
  const file = path.join(dir, name);
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** The screen-pop rule the tests use: every call opens the CRM with the number. */
export const CRM_RULE = {
  name: 'Web CRM',
  open: 'https://crm.example.com/contacts?phone={e164}&direction={direction}',
};

export function crmUrl(e164: string, direction: 'inbound' | 'outbound'): string {
  return `https://crm.example.com/contacts?phone=${encodeURIComponent(e164)}&direction=${direction}`;
}

/** A shell script as screenPop.browser: appends each URL it is given to `log`; opens nothing. */
export async function recordingBrowser(
  dir: string,
  name = 'browser',
): Promise<{ browser: string; opened: () => Promise<string[]> }> {
  const browser = path.join(dir, `${name}.sh`);
  const log = path.join(dir, `${name}.log`);
  await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${log}'\n`);
  await chmod(browser, 0o755);
  const opened = async (): Promise<string[]> =>
    existsSync(log) ? (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '') : [];
  return { browser, opened };
}

/** Waits (polling) until the recording browser was asked to open `url`. */
export async function waitUntilOpened(
  opened: () => Promise<string[]>,
  url: string,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  // The browser is started detached and writes a moment later.
  while (!(await opened()).includes(url)) {
    if (Date.now() > until)
      throw new Error(`the browser was not asked to open ${url}: ${(await opened()).join(', ')}`);
    await delay(50);
  }
}

/** What the tests read back from a history line (the full CallRecord has more). */
export interface HistoryLine {
  id: string;
  direction: string;
  number: { raw: string };
  outcome: { kind: string };
  actions: Array<{ kind: string; ok: boolean; pid?: number }>;
}

/** The call history a child wrote (the last line of an id wins, as on load). */
export async function readHistory(dataDir: string): Promise<HistoryLine[]> {
  const file = path.join(dataDir, 'call-history.jsonl');
  if (!existsSync(file)) return [];
  const byId = new Map<string, HistoryLine>();
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    // A torn line would throw here: "history intact" means every line parses.
    const record = JSON.parse(line) as HistoryLine;
    byId.set(record.id, record);
  }
  return [...byId.values()];
}

/** Distinct numbers, so the dedupe window never hides a call the test rang. */
export function numberSeries(prefix: string): () => string {
  let next = 0;
  return () => `${prefix}${String((next += 1)).padStart(3, '0')}`;
}
