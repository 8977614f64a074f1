// Shared wiring for the matrix: the real Connector on loopback TLS with a real history file,
// an opener that checks every URL against the allowlist of template origins, and launchers
// that count any program start steered by caller data. Only the browser itself is replaced.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { configSchema, type ConnectorConfigInput } from '../../electron/core/config/schema.js';
import { Connector, type ConnectorOptions } from '../../electron/core/connector.js';
import { HistoryStore } from '../../electron/core/history/history-store.js';
import type { ProgramLauncher, UrlOpener } from '../../electron/core/ports.js';
import type { CallRecord } from '../../electron/core/screen-pop/call-record.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { FakeAccoladesServer } from '../fakes/fake-accolades-server.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import type { MatrixTally } from './tally.js';

/** Origins (scheme://host[:port]) that URL templates of a test may open. */
export function originsOf(templates: readonly string[]): Set<string> {
  // The prefix up to the first placeholder is the template's fixed scheme and authority.
  return new Set(templates.map((t) => new URL(t.replace(/\{[^}]*\}/g, 'x')).origin));
}

/** Records every URL handed to "the browser" and counts the ones outside the allowlist. */
export class AllowlistOpener implements UrlOpener {
  readonly opened: string[] = [];
  outside = 0;

  constructor(
    private readonly allowed: Set<string>,
    private readonly tally: MatrixTally,
  ) {}

  async open(url: string): Promise<void> {
    this.opened.push(url);
    if (!isAllowed(url, this.allowed)) {
      this.outside += 1;
      this.tally.urlsOutsideAllowlist(1);
    }
  }
}

export function isAllowed(url: string, allowed: Set<string>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    allowed.has(parsed.origin) &&
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

const SHELLS = /^(sh|bash|dash|zsh|ksh|csh|fish|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/i;

/**
 * The rule a launch must obey: the admin's program, no shell, and as many argv elements as the
 * template has (a caller id that split into two arguments would be an injection).
 */
export interface ProgramExpectation {
  program: string;
  argCount: number;
}

function launchBreaksRule(
  program: string,
  args: readonly string[],
  expected: ProgramExpectation[],
  shell: unknown,
): boolean {
  if (shell) return true;
  if (SHELLS.test(basename(program))) return true;
  return !expected.some((e) => e.program === program && e.argCount === args.length);
}

/** A ProgramLauncher that records instead of starting, and counts launches caller data steered. */
export class RecordingLauncher implements ProgramLauncher {
  readonly launched: { program: string; args: string[] }[] = [];

  constructor(
    private readonly expected: ProgramExpectation[],
    private readonly tally: MatrixTally,
  ) {}

  async launch(program: string, args: readonly string[]): Promise<{ pid: number | undefined }> {
    this.launched.push({ program, args: [...args] });
    if (launchBreaksRule(program, args, this.expected, false))
      this.tally.shellLaunchesFromCallerData(1);
    return { pid: undefined };
  }
}

/**
 * A spawn function for the real SpawnProgramLauncher: really spawns, and records what the
 * launcher asked of node:child_process (program, argv, and the shell option).
 */
export function recordingSpawn(
  expected: ProgramExpectation[],
  tally: MatrixTally,
  seen: { program: string; args: string[]; shell: unknown }[],
): (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess {
  return (command, args, options) => {
    seen.push({ program: command, args: [...args], shell: options.shell });
    if (launchBreaksRule(command, args, expected, options.shell))
      tally.shellLaunchesFromCallerData(1);
    return spawn(command, [...args], options);
  };
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Session {
  server: FakeAccoladesServer;
  connector: Connector;
  logger: MemoryLogger;
  history: HistoryStore<CallRecord>;
  dir: string;
  caFile: string;
  calls: CallRecord[];
  problems: string[];
  waitForCalls(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface SessionOptions {
  config?: ConnectorConfigInput;
  server?: FakeAccoladesServer;
  connector?: Partial<Omit<ConnectorOptions, 'config' | 'logger' | 'history'>>;
  /** Wait until connected (default true). */
  waitConnected?: boolean;
}

/** A connected Connector against a fake Accolades server, history in a fresh temp folder. */
export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const server = options.server ?? (await FakeAccoladesServer.start());
  const ownServer = !options.server;
  const dir = await mkdtemp(join(tmpdir(), 'matrix-'));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, server.caPem);
  const input = options.config ?? {};
  const config = configSchema.parse({
    ...input,
    accolades: { url: server.url, crmId: 'agent-1', caFile, ...input.accolades },
  });
  const logger = new MemoryLogger();
  const history = new HistoryStore<CallRecord>({ directory: dir });
  const connector = new Connector({
    secrets: new MemorySecretStore(),
    ...options.connector,
    config,
    logger,
    history,
  });
  const calls: CallRecord[] = [];
  const problems: string[] = [];
  connector.events.on('call', (record) => calls.push(record));
  connector.events.on('problem', (p) => problems.push(p.message));
  await connector.start();
  if (options.waitConnected ?? true)
    await waitUntil(() => connector.state.phase === 'connected', 'connected');
  return {
    server,
    connector,
    logger,
    history,
    dir,
    caFile,
    calls,
    problems,
    waitForCalls: (count, timeoutMs = 20_000) =>
      waitUntil(() => calls.length >= count, `${count} call records`, timeoutMs),
    async close() {
      await connector.stop();
      if (ownServer) await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
