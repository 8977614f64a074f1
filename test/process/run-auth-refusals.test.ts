// `run` as shipped, refused by the server at sign-in (authFailed) with each reason the docs
// name and one they do not: the process stays up and retries at that reason's slow pace, as
// the state line announces (nextAttemptAt), instead of exiting or hammering the server.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AUTH_RETRY_JITTER,
  authRetryPace,
} from '../../electron/core/connection/auth-retry-pace.js';
import {
  createCertificateAuthority,
  type CertificateAuthority,
} from '../../electron/simulator/certificates.js';
import { FakeAccoladesServer } from '../fakes/fake-accolades-server.js';
import { makeTempDir } from '../cli/cli-harness.js';
import { ensureBuilt } from './built-cli.js';
import {
  STARTUP_TIMEOUT_MS,
  childEnv,
  ConnectorProcess,
  isState,
  type StateLine,
} from './connector-process.js';
import { delay, writeRunConfig } from './process-fixtures.js';

let root: string;
let cleanup: () => Promise<void>;
let ca: CertificateAuthority;
let caFile: string;
const processes: ConnectorProcess[] = [];
const servers: FakeAccoladesServer[] = [];

beforeAll(async () => {
  await ensureBuilt();
  ({ dir: root, cleanup } = await makeTempDir());
  ca = await createCertificateAuthority();
  caFile = path.join(root, 'ca.pem');
  await writeFile(caFile, ca.cert);
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.dispose()));
  await Promise.all(servers.map((s) => s.close()));
  await cleanup?.();
});

/** The wait a refusal line announces, from the moment it was written. */
const announcedWaitMs = (line: StateLine): number => line.nextAttemptAt! - Date.parse(line.time!);

/** Slack for a loaded machine between the planned retry and the server seeing it. */
const SLACK_MS = 5_000;

describe.concurrent('run stays up when the server refuses the CRM ID (authFailed)', () => {
  it.for([
    { reason: 'ID_NOT_FOUND', phase: 'waiting-for-agent-login', waitForSecondAttempt: true },
    { reason: 'IP_MISSMATCH', phase: 'ip-mismatch', waitForSecondAttempt: false },
    { reason: 'CONNECTION_EXISTS', phase: 'slot-taken', waitForSecondAttempt: false },
    { reason: 'NOT_IN_THE_DOCS', phase: 'auth-rejected', waitForSecondAttempt: false },
  ])('$reason: alive at the reason’s pace', { timeout: 120_000 }, async (c, { expect }) => {
    const server = await FakeAccoladesServer.start({
      ca,
      auth: { kind: 'failed', reason: c.reason, closeAfter: true },
    });
    servers.push(server);
    const dir = path.join(root, c.reason);
    await mkdir(dir, { recursive: true });
    const config = await writeRunConfig(dir, 'config.json', { port: server.port, caFile });
    const proc = ConnectorProcess.start(
      ['run', '--config', config, '--data-dir', path.join(dir, 'data')],
      { cwd: dir, env: childEnv(dir) },
    );
    processes.push(proc);

    const pace = authRetryPace(c.reason);
    const first = await proc.waitForLine(isState(c.phase), {
      timeoutMs: STARTUP_TIMEOUT_MS,
      what: `the ${c.phase} line`,
    });
    expect(first.detail).toBe(c.reason);
    const wait = announcedWaitMs(first);
    expect(wait).toBeGreaterThanOrEqual(pace.firstMs - 1_000);
    expect(wait).toBeLessThanOrEqual(pace.firstMs * (1 + AUTH_RETRY_JITTER));

    // The old process exited right here (nothing kept the event loop alive during the wait).
    await delay(3_000);
    expect(proc.alive, proc.describe()).toBe(true);
    expect(server.acceptedConnections, 'no quick retry').toBe(1);

    if (c.waitForSecondAttempt) {
      // ID_NOT_FOUND's first wait is short enough to see the retry come, on time, and the
      // next wait double.
      const mark = proc.mark();
      const second = await proc.waitForLine(isState(c.phase), {
        after: mark,
        timeoutMs: wait + SLACK_MS,
        what: 'the second refusal',
      });
      expect(server.acceptedConnections).toBe(2);
      expect(second.receivedAtMs - first.receivedAtMs).toBeGreaterThanOrEqual(wait - 1_000);
      const nextWait = announcedWaitMs(second);
      expect(nextWait).toBeGreaterThanOrEqual(2 * pace.firstMs - 1_000);
      expect(nextWait).toBeLessThanOrEqual(2 * pace.firstMs * (1 + AUTH_RETRY_JITTER));
    }

    // SIGTERM during a slow wait stops it cleanly.
    proc.signal('SIGTERM');
    expect(await proc.waitForExit(2_000)).toMatchObject({ code: 0, signal: null });
    expect(proc.lines.at(-1)).toMatchObject({ type: 'state', phase: 'stopped' });
  });
});
