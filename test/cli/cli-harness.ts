// Runs CLI commands in-process through main(argv, io) with captured output, and makes the
// temp folders, config files and stand-in the CLI tests share.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConnectorConfigInput } from '../../electron/core/config/index.js';
import type { CliIo } from '../../electron/cli/io.js';
import { main } from '../../electron/cli/index.js';
import type { SimulatorHandle } from '../../electron/simulator/index.js';

export interface CapturedIo {
  io: CliIo;
  out: () => string;
  err: () => string;
  /** Resolve the stop signal, as Ctrl+C would. */
  stop: (signal?: string) => void;
}

export function captureIo(dir: string, overrides: Partial<CliIo> = {}): CapturedIo {
  let out = '';
  let err = '';
  let stop: (signal: string) => void = () => {};
  const stopSignal = new Promise<string>((resolve) => (stop = resolve));
  const io: CliIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    // A policy path that does not exist, so this machine's real policy never leaks in.
    env: { ACCOLADES_POLICY_FILE: path.join(dir, 'no-policy.json') },
    stopSignal,
    cwd: dir,
    platform: 'linux',
    homedir: dir,
    timeoutMs: 5000,
    ...overrides,
  };
  return { io, out: () => out, err: () => err, stop: (signal = 'SIGINT') => stop(signal) };
}

export async function runCli(
  dir: string,
  argv: string[],
  overrides: Partial<CliIo> = {},
): Promise<{ code: number; out: string; err: string }> {
  const captured = captureIo(dir, overrides);
  const code = await main(argv, captured.io);
  return { code, out: captured.out(), err: captured.err() };
}

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cli-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeJson(file: string, value: unknown): Promise<string> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

/** A config pointing at the stand-in, with its CA written next to it. */
export async function standInConfig(
  dir: string,
  stand: SimulatorHandle,
  extra: ConnectorConfigInput = {},
  name = 'config.json',
): Promise<string> {
  const caFile = path.join(dir, 'stand-in-ca.pem');
  await writeFile(caFile, stand.caCert);
  return writeJson(path.join(dir, name), {
    ...extra,
    accolades: { url: stand.wssUrl, crmId: 'demo-agent-1', caFile, ...extra.accolades },
    rest: { baseUrl: stand.restBaseUrl, account: '123456', deviceId: '42', ...extra.rest },
  });
}
