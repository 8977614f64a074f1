// The service definitions in build/service/ for the headless connector: the systemd units (system
// and user) pass `systemd-analyze verify` where that tool exists, restart on failure but not on a
// broken configuration (status 2), and name a data folder; the launchd agent parses as a plist
// with the keys launchd needs, and its shell line, run for real, starts the connector with the
// per-user paths (spaces and all). Each unit's ExecStart arguments are given to the real CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli-harness.js';
import { builderRequire, projectRoot } from './load-builder-config.js';

const SERVICE = join(projectRoot, 'build', 'service');
const UNITS = {
  system: join(SERVICE, 'systemd', 'system', 'accolades-connector.service'),
  user: join(SERVICE, 'systemd', 'user', 'accolades-connector.service'),
} as const;
const PLIST = join(SERVICE, 'launchd', 'ro.accolades.connector.cli.plist');
/** Where the units expect `npm install -g` to have put the command (docs/cli.md). */
const INSTALLED_COMMAND = '/usr/local/bin/accolades-connector';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'service-units-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The [Service] keys of a unit (systemd syntax: key=value lines; comments are whole lines). */
function serviceKeys(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    const key = `${section}.${line.slice(0, eq)}`;
    keys.set(key, [...(keys.get(key) ?? []), line.slice(eq + 1)]);
  }
  return keys;
}

function systemdAnalyze(): string | undefined {
  const found = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.split('\n')[0] : undefined;
}

describe.each(Object.entries(UNITS))('the systemd %s unit', (variant, file) => {
  const text = readFileSync(file, 'utf8');
  const keys = serviceKeys(text);
  const one = (key: string) => keys.get(key)?.at(-1);

  it('restarts on failure but not on a configuration it cannot use, and stops in time', () => {
    expect(one('Service.Restart')).toBe('on-failure');
    expect(one('Service.RestartPreventExitStatus')).toBe('2');
    expect(one('Service.RestartSec')).toBe('5s');
    expect(one('Service.TimeoutStopSec')).toBe('10s');
    expect(one('Service.NoNewPrivileges')).toBe('yes');
    // Node's JIT needs writable+executable memory: this one must never be switched on.
    expect(keys.has('Service.MemoryDenyWriteExecute')).toBe(false);
    // systemd takes "value # comment" as the value: comments must be lines of their own.
    for (const [key, values] of keys)
      for (const value of values) expect(value, key).not.toMatch(/\s#/);
    expect(one('Install.WantedBy')).toBe(
      variant === 'system' ? 'multi-user.target' : 'default.target',
    );
  });

  it('starts `run` with the settings file and the data folder the docs name', async () => {
    const exec = one('Service.ExecStart')!;
    const argv = exec.split(' ');
    expect(argv[0]).toBe(INSTALLED_COMMAND);
    const expected =
      variant === 'system'
        ? [
            'run',
            '--config',
            '/etc/accolades-connector/connector.json',
            '--data-dir',
            '%S/accolades-connector',
          ]
        : [
            'run',
            '--config',
            '%E/accolades-connector/connector.json',
            '--data-dir',
            '%h/.local/share/accolades-connector/cli',
          ];
    expect(argv.slice(1)).toEqual(expected);
    if (variant === 'system') {
      expect(one('Service.StateDirectory')).toBe('accolades-connector');
      expect(one('Service.User')).toBe('accolades-connector');
      expect(one('Service.ProtectSystem')).toBe('strict');
    }
    // The real CLI takes these flags: with the specifiers filled in and no settings file yet it
    // stops with status 2 and names the file, which is what RestartPreventExitStatus=2 keeps
    // from looping.
    const filled = argv
      .slice(1)
      .map((arg) => arg.replace(/^\/etc/, dir).replace(/%[SEh]/, join(dir, variant)));
    const result = await runCli(dir, filled);
    expect(result.code).toBe(2);
    expect(result.err).toContain(filled[2]);
  });

  it('passes systemd-analyze verify (where the tool exists)', async (context) => {
    const version = systemdAnalyze();
    if (!version) {
      const reason = 'systemd-analyze is not installed here: the unit was not verified';
      console.warn(reason);
      context.skip(reason);
      return;
    }
    // The unit as installed with the command at another prefix: here, the repository's own
    // launcher (systemd checks that ExecStart names an executable file). Nothing else changes.
    const launcher = join(projectRoot, 'bin', 'accolades-connector.js');
    const swapped = text.replaceAll(`${INSTALLED_COMMAND} `, `${launcher} `);
    expect(swapped).not.toBe(text);
    const copy = join(dir, `${variant}-accolades-connector.service`);
    await writeFile(copy, swapped);
    // A user manager needs a runtime folder; a temporary one is enough for verify.
    const runtime = join(dir, `runtime-${variant}`);
    await mkdir(runtime, { recursive: true, mode: 0o700 });
    const run = spawnSync(
      'systemd-analyze',
      [...(variant === 'user' ? ['--user'] : []), 'verify', copy],
      { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } },
    );
    // verify exits 0 even for unknown keys or bad values; it says so on stderr.
    const about = `${run.stdout}${run.stderr}`
      .split('\n')
      .filter((line) => line.includes('accolades-connector'));
    expect({ status: run.status, about }, version).toEqual({ status: 0, about: [] });
  });
});

describe('the launchd agent', () => {
  const plist = builderRequire('plist') as { parse(text: string): unknown };
  const agent = plist.parse(readFileSync(PLIST, 'utf8')) as Record<string, unknown> & {
    ProgramArguments: string[];
    EnvironmentVariables: { PATH: string };
  };

  it('parses as a plist with the keys launchd needs', () => {
    expect(agent.Label).toBe('ro.accolades.connector.cli');
    expect(agent.RunAtLoad).toBe(true);
    // Restarted after a failure (status ≠ 0, a crash), not after a clean stop.
    expect(agent.KeepAlive).toEqual({ SuccessfulExit: false });
    expect(agent.ThrottleInterval).toBe(10);
    expect(agent.ExitTimeOut).toBe(10);
    expect(agent.LimitLoadToSessionType).toBe('Aqua');
    expect(agent.Umask).toBe(0o077);
    expect(agent.ProgramArguments.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(agent.ProgramArguments).toHaveLength(3);
    expect(agent.EnvironmentVariables.PATH.split(':')).toEqual(
      expect.arrayContaining(['/opt/homebrew/bin', '/usr/local/bin', '/usr/bin', '/bin']),
    );
  });

  it('runs the connector with the per-user paths, its output in the log folder', async () => {
    // The shell line, run by this machine's /bin/sh with a stand-in `accolades-connector` on
    // PATH that records its arguments (one per line) and writes to stdout and stderr.
    const home = join(dir, 'home with space');
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    const argsFile = join(dir, 'args.txt');
    const stub = join(bin, 'accolades-connector');
    await writeFile(
      stub,
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho '{"type":"state"}'\necho log >&2\n`,
    );
    await chmod(stub, 0o755);
    execFileSync('/bin/sh', agent.ProgramArguments.slice(1), {
      env: { HOME: home, PATH: `${bin}:${agent.EnvironmentVariables.PATH}` },
    });
    const app = join(home, 'Library', 'Application Support', 'Accolades Connector');
    const logs = join(home, 'Library', 'Logs', 'Accolades Connector');
    expect((await readFile(argsFile, 'utf8')).split('\n').slice(0, -1)).toEqual([
      'run',
      '--config',
      join(app, 'connector.json'),
      '--data-dir',
      join(app, 'cli'),
    ]);
    expect(await readFile(join(logs, 'cli.jsonl'), 'utf8')).toBe('{"type":"state"}\n');
    expect(await readFile(join(logs, 'cli-log.jsonl'), 'utf8')).toBe('log\n');
  });
});
