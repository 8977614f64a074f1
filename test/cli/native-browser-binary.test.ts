// The built CLI `run` against the stand-in opens a pop in the DEFAULT browser without a shell
// in between: resolved once from the desktop's https handler (a temp XDG setup: mimeapps.list in a
// temp HOME, the handler's .desktop in a temp XDG_DATA_DIRS, the real xdg-mime), then started
// directly by the CLI with the URL as one argv element. The "browser" records its argv and its
// parent pid: the parent must be the CLI itself (no xdg-open, no sh -c in between), and the
// hostile parts of the URL (`;`, `$IFS`, `$(...)`, backquotes) must not have run anywhere.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../electron/simulator/index.js';
import { ensureBuilt } from '../process/built-cli.js';
import { childEnv, ConnectorProcess, type OutputLine } from '../process/connector-process.js';
import { makeTempDir, standInConfig } from './cli-harness.js';

const usable = (() => {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('xdg-mime', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let stand: SimulatorHandle;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  if (!usable) return;
  await ensureBuilt();
  ({ dir, cleanup } = await makeTempDir());
  stand = await startSimulator();
}, 120_000);

afterAll(async () => {
  await stand?.close();
  await cleanup?.();
});

async function fileWithText(file: string, why: () => string): Promise<string> {
  // The browser runs detached; wait until it has written.
  for (let i = 0; i < 400; i++) {
    const text = existsSync(file) ? await readFile(file, 'utf8') : '';
    if (text.trim() !== '') return text;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the browser never wrote ${file}; the CLI said:\n${why()}`);
}

describe.skipIf(!usable)('the built CLI and the default browser', () => {
  it('run: starts the desktop’s https handler directly, the hostile URL as ONE argument, no shell', async () => {
    const home = path.join(dir, 'home');
    const dataDir = path.join(dir, 'xdg-data');
    const record = path.join(dir, 'browser-record.json');
    const browser = path.join(dir, 'recording-browser');
    const marker = path.join(dir, 'shell-ran');
    await mkdir(path.join(home, '.config'), { recursive: true });
    await mkdir(path.join(dataDir, 'applications'), { recursive: true });
    await writeFile(
      path.join(home, '.config', 'mimeapps.list'),
      '[Default Applications]\nx-scheme-handler/https=recording-browser.desktop\n',
    );
    // (xdg-mime itself skips an entry whose first Exec word it cannot find, so no spaces here;
    // quoted paths are covered by the unit tests.)
    await writeFile(
      path.join(dataDir, 'applications', 'recording-browser.desktop'),
      `[Desktop Entry]\nType=Application\nName=Recording browser\nExec=${browser} --new-tab %u\n`,
    );
    await writeFile(
      browser,
      `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), parent: process.ppid }));\n`,
    );
    await chmod(browser, 0o755);

    // Shell syntax in the template's own query and in the caller's number: in a shell, either
    // would create `marker`.
    const config = await standInConfig(dir, stand, {
      rules: [
        {
          name: 'Web CRM',
          direction: 'inbound',
          open: `https://crm.example.com/c?q=x;touch$IFS$9${marker}&b=\`touch$IFS$9${marker}\`&n={number}`,
        },
      ],
    });
    const env = childEnv(dir, { HOME: home, XDG_DATA_DIRS: dataDir });
    for (const key of [
      'XDG_CONFIG_HOME',
      'XDG_CONFIG_DIRS',
      'XDG_DATA_HOME',
      'XDG_CURRENT_DESKTOP',
      'DESKTOP_SESSION',
      'KDE_FULL_SESSION',
      'GNOME_DESKTOP_SESSION_ID',
      'BROWSER',
    ])
      delete env[key];
    const proc = ConnectorProcess.start(
      ['run', '--config', config, '--data-dir', path.join(dir, 'data')],
      { cwd: dir, env },
    );
    const waitFor = (test: (line: OutputLine) => boolean) =>
      proc.waitForLine(test, { timeoutMs: 30_000 });
    try {
      await waitFor((l) => l.type === 'state' && l.phase === 'connected');
      const hostileNumber = `0712;$(touch ${marker})`;
      expect(stand.ringAgent('demo-agent-1', 'incoming', hostileNumber).delivered).toBe(true);
      const action = await waitFor((l) => l.type === 'action' && l.kind === 'open');
      expect(action).toMatchObject({ ok: true, ruleName: 'Web CRM' });
      const url = action.url as string;
      expect(url).toContain(`q=x;touch$IFS$9${marker}`);
      // The caller's part is percent-encoded by the template; the literal part is kept as written.
      expect(url).toContain('&n=0712%3B%24%28touch%20');

      const recorded = JSON.parse(await fileWithText(record, () => proc.stderr)) as {
        argv: string[];
        parent: number;
      };
      expect(recorded.argv).toEqual(['--new-tab', url]);
      // Started by the CLI process itself: not through xdg-open or a shell.
      expect(recorded.parent).toBe(proc.pid);
      expect(existsSync(marker)).toBe(false);
      // Resolved once, at start, and said so; no fallback to the open package.
      expect(proc.stderr.match(/default browser resolved/g)).toHaveLength(1);
      expect(proc.stderr).toContain('recording-browser.desktop');
      expect(proc.stderr).not.toContain('open package');
    } finally {
      proc.signal('SIGTERM');
      await proc.waitForExit(10_000);
    }
  }, 60_000);
});
