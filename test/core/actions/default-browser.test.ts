// The default browser resolved from real files: temp XDG folders with real .desktop files (and
// the real xdg-mime where the machine has it), Windows registry answers as reg.exe prints them,
// and the CLI opener starting a real recording "browser" with the URL as one argument.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  browserArgv,
  type BrowserResolution,
} from '../../../electron/core/actions/browser-command.js';
import { resolveDefaultBrowser } from '../../../electron/core/actions/default-browser.js';
import { parseDesktopExec } from '../../../electron/core/actions/desktop-entry.js';
import { NamedBrowserUrlOpener } from '../../../electron/core/actions/named-browser.js';
import { NativeBrowserUrlOpener } from '../../../electron/core/actions/native-url-opener.js';
import {
  parseWindowsOpenCommand,
  regValue,
} from '../../../electron/core/actions/windows-url-command.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';

const root = mkdtempSync(path.join(tmpdir(), 'accolades-browser-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** A temp HOME + data dir with `id` as the https handler whose Exec line is `exec`. */
function xdgSetup(id: string, exec: string, options: { inHome?: boolean } = {}) {
  const base = path.join(root, `xdg-${++counter}`);
  const home = path.join(base, 'home');
  const dataDir = path.join(base, 'data');
  const appsDir = options.inHome
    ? path.join(home, '.local', 'share', 'applications')
    : path.join(dataDir, 'applications');
  mkdirSync(path.join(home, '.config'), { recursive: true });
  mkdirSync(path.dirname(path.join(appsDir, id)), { recursive: true });
  writeFileSync(
    path.join(home, '.config', 'mimeapps.list'),
    `[Default Applications]\nx-scheme-handler/https=${id.replaceAll('/', '-')}\n`,
  );
  writeFileSync(
    path.join(appsDir, id),
    `[Desktop Entry]\nType=Application\nName=Recorder\nName[de]=Rekorder\nExec=${exec}\n\n[Desktop Action new-window]\nExec=/bin/false --never\n`,
  );
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_DATA_DIRS: dataDir };
  return { home, env, base };
}

/** A recording "browser": writes its argv (one JSON array) to `<program>.json`. */
function recorder(name: string): { program: string; output: string } {
  const program = path.join(root, name);
  writeFileSync(
    program,
    `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(`${program}.json`)}, JSON.stringify(process.argv.slice(2)));\n`,
  );
  chmodSync(program, 0o755);
  return { program, output: `${program}.json` };
}

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 500; i++) {
    if (existsSync(file) && readFileSync(file, 'utf8') !== '') return readFileSync(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${file} never appeared`);
}

const hasXdgMime = (() => {
  try {
    execFileSync('xdg-mime', ['--version'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();

/** xdg-mime answers from the mimeapps.list written above (the real one runs in another test). */
const answerFromMimeapps = (home: string) => async (program: string, args: readonly string[]) => {
  expect([program, ...args]).toEqual(['xdg-mime', 'query', 'default', 'x-scheme-handler/https']);
  const list = readFileSync(path.join(home, '.config', 'mimeapps.list'), 'utf8');
  return `${/https=(.*)/.exec(list)![1]}\n`;
};

const hostileUrl = 'https://crm.example/search?q=0722%20123;$(touch%20pwned)&x=`id`&y="a b"';

describe('the Exec line of a desktop entry', () => {
  it.each([
    ['firefox %u', 'firefox', [['', '']]],
    ['/usr/bin/chromium --flag %U', '/usr/bin/chromium', ['--flag', ['', '']]],
    [
      '"/opt/My Browser/run" --name "a \\"b\\"" %F',
      '/opt/My Browser/run',
      ['--name', 'a "b"', ['', '']],
    ],
    ['browser --icon %i %c %k %u', 'browser', ['--icon', ['', '']]],
    ['browser --url=%u --pct=100%%', 'browser', [['--url=', ''], '--pct=100%']],
    ['browser', 'browser', [['', '']]],
    ['browser\\s--x %u', 'browser', ['--x', ['', '']]],
    [
      'flatpak run --file-forwarding org.x @@u %u @@',
      'flatpak',
      ['run', '--file-forwarding', 'org.x', '@@u', ['', ''], '@@'],
    ],
  ])('%s', (exec, program, args) => {
    const parsed = parseDesktopExec(exec);
    expect(parsed?.program).toBe(program);
    expect(parsed?.args).toEqual(
      (args as (string | [string, string])[]).map((a) =>
        typeof a === 'string' ? a : { before: a[0], after: a[1] },
      ),
    );
  });

  it('refuses an unterminated quote instead of guessing', () => {
    expect(parseDesktopExec('"/opt/browser %u')).toBeUndefined();
  });

  it('puts a hostile URL in exactly one argument', () => {
    const parsed = parseDesktopExec('/usr/bin/firefox --new-tab %u --x')!;
    const argv = browserArgv({ ...parsed, source: 't' }, hostileUrl);
    expect(argv).toEqual(['--new-tab', hostileUrl, '--x']);
  });
});

describe('resolveDefaultBrowser on Linux (temp XDG folders)', () => {
  it('reads the handler .desktop from XDG_DATA_DIRS and resolves its program in PATH', async () => {
    const { home, env } = xdgSetup('recorder.desktop', 'node --flag %u');
    const result = await resolveDefaultBrowser({
      platform: 'linux',
      env,
      homedir: home,
      run: answerFromMimeapps(home),
    });
    expect(result).toMatchObject({ ok: true, command: { source: 'recorder.desktop' } });
    const command = (result as Extract<BrowserResolution, { ok: true }>).command;
    expect(path.isAbsolute(command.program)).toBe(true);
    expect(path.basename(command.program)).toBe('node');
    expect(browserArgv(command, hostileUrl)).toEqual(['--flag', hostileUrl]);
  });

  it('prefers the user data folder ($HOME/.local/share) and finds dashed ids in subfolders', async () => {
    const { program } = recorder('home-browser');
    const { home, env } = xdgSetup('vendor/browser.desktop', `${program} %U`, { inHome: true });
    const result = await resolveDefaultBrowser({
      platform: 'linux',
      env,
      homedir: home,
      run: answerFromMimeapps(home),
    });
    expect(result).toMatchObject({
      ok: true,
      command: { program, source: 'vendor-browser.desktop' },
    });
  });

  it('drops the env launcher of snap entries and starts the program after it', async () => {
    const { program } = recorder('snap-browser');
    const { home, env } = xdgSetup('snap.desktop', `env BAMF_HINT=/x.desktop ${program} %u`);
    const result = await resolveDefaultBrowser({
      platform: 'linux',
      env,
      homedir: home,
      run: answerFromMimeapps(home),
    });
    expect(result).toMatchObject({ ok: true, command: { program } });
  });

  it.each([
    ['a shell as the program', 'sh -c "firefox %u"', /shell or script host/],
    ['a program that does not exist', '/nonexistent/browser %u', /not an executable program/],
    ['a hidden entry', 'node %u\nHidden=true', /hidden/],
  ])('fails with a reason for %s', async (_what, exec, reason) => {
    const { home, env } = xdgSetup('bad.desktop', exec);
    const result = await resolveDefaultBrowser({
      platform: 'linux',
      env,
      homedir: home,
      run: answerFromMimeapps(home),
    });
    expect(result.ok).toBe(false);
    expect((result as { reason: string }).reason).toMatch(reason);
  });

  it('fails with a reason when there is no handler or xdg-mime is missing', async () => {
    const home = path.join(root, 'nohandler');
    const empty = await resolveDefaultBrowser({
      platform: 'linux',
      env: { HOME: home },
      homedir: home,
      run: async () => '\n',
    });
    expect(empty).toEqual({
      ok: false,
      reason: 'the desktop has no default handler for https links',
    });
    const missing = await resolveDefaultBrowser({
      platform: 'linux',
      env: { HOME: home, PATH: path.join(root, 'empty-path') },
      homedir: home,
    });
    expect(missing.ok).toBe(false);
    expect((missing as { reason: string }).reason).toMatch(/xdg-mime/);
  });

  it.skipIf(!hasXdgMime)('asks the real xdg-mime with the given environment', async () => {
    const { program } = recorder('real-xdg-browser');
    const { home, env } = xdgSetup('real-recorder.desktop', `${program} %u`);
    const result = await resolveDefaultBrowser({ platform: 'linux', env, homedir: home });
    expect(result).toMatchObject({
      ok: true,
      command: { program, source: 'real-recorder.desktop' },
    });
  });
});

describe('resolveDefaultBrowser on Windows (reg.exe answers)', () => {
  const REG_PROGID = `\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\Shell\\Associations\\UrlAssociations\\https\\UserChoice\r\n    ProgId    REG_SZ    ChromeHTML\r\n\r\n`;
  const REG_COMMAND = `\r\nHKEY_CLASSES_ROOT\\ChromeHTML\\shell\\open\\command\r\n    (Standard)    REG_SZ    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --single-argument %1\r\n\r\n`;

  it('reads the UserChoice ProgId and its open command, then fills %1 with the URL', async () => {
    const asked: string[][] = [];
    const result = await resolveDefaultBrowser({
      platform: 'win32',
      env: { SystemRoot: 'C:\\Windows' },
      homedir: 'C:\\Users\\a',
      run: async (program, args) => {
        asked.push([program, ...args]);
        return args.includes('/ve') ? REG_COMMAND : REG_PROGID;
      },
    });
    expect(asked.map((a) => a[0])).toEqual([
      'C:\\Windows\\System32\\reg.exe',
      'C:\\Windows\\System32\\reg.exe',
    ]);
    expect(asked[1]).toContain('HKCR\\ChromeHTML\\shell\\open\\command');
    const command = (result as Extract<BrowserResolution, { ok: true }>).command;
    expect(command.program).toBe('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(browserArgv(command, hostileUrl)).toEqual(['--single-argument', hostileUrl]);
  });

  it('parses quoted %1 and refuses scripts and relative programs', () => {
    const firefox = parseWindowsOpenCommand(
      '"C:\\Program Files\\Mozilla Firefox\\firefox.exe" -osint -url "%1"',
      'FirefoxURL',
    )!;
    expect(browserArgv(firefox, hostileUrl)).toEqual(['-osint', '-url', hostileUrl]);
    expect(parseWindowsOpenCommand('C:\\tools\\open.cmd %1', 'x')).toBeUndefined();
    expect(parseWindowsOpenCommand('browser.exe %1', 'x')).toBeUndefined();
    expect(regValue('nothing here')).toBeUndefined();
  });

  it('fails with a reason when reg.exe finds no UserChoice', async () => {
    const result = await resolveDefaultBrowser({
      platform: 'win32',
      env: {},
      homedir: 'C:\\',
      run: async () => {
        throw new Error('ERROR: The system was unable to find the specified registry key');
      },
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/UserChoice/) });
  });
});

describe('NativeBrowserUrlOpener', () => {
  it('starts the resolved browser directly with the URL as one argument, resolving once', async () => {
    const { program, output } = recorder('native-browser');
    let resolutions = 0;
    const opener = new NativeBrowserUrlOpener({
      allowHttp: () => false,
      logger: new MemoryLogger(),
      resolve: async () => {
        resolutions += 1;
        return {
          ok: true,
          command: { program, args: ['--new-tab', { before: '', after: '' }], source: 't' },
        };
      },
      fallback: { open: async () => expect.unreachable('no fallback') },
      named: { open: async () => expect.unreachable('no named browser') },
    });
    await opener.open(hostileUrl);
    expect(JSON.parse(await waitForFile(output))).toEqual(['--new-tab', new URL(hostileUrl).href]);
    rmSync(output);
    await opener.open('https://crm.example/2');
    expect(JSON.parse(await waitForFile(output))).toEqual(['--new-tab', 'https://crm.example/2']);
    expect(resolutions).toBe(1);
    expect(existsSync(path.join(process.cwd(), 'pwned'))).toBe(false);
  });

  it('falls back to the open package when resolution fails, and says so once', async () => {
    const logger = new MemoryLogger();
    const fallback: string[] = [];
    const opener = new NativeBrowserUrlOpener({
      allowHttp: () => false,
      logger,
      resolve: async () => ({ ok: false, reason: 'no handler' }),
      fallback: { open: async (url) => void fallback.push(url) },
      named: { open: async () => expect.unreachable('no named browser') },
    });
    await opener.open('https://crm.example/1');
    await opener.open('https://crm.example/2');
    expect(fallback).toEqual(['https://crm.example/1', 'https://crm.example/2']);
    expect(logger.text().match(/open package/g)).toHaveLength(1);
    expect(logger.text()).toMatch(/no handler/);
  });

  it('refuses other schemes before anything starts, and gives named browsers to `named`', async () => {
    const fallback: unknown[] = [];
    const opener = new NativeBrowserUrlOpener({
      allowHttp: () => false,
      logger: new MemoryLogger(),
      resolve: async () => expect.unreachable('not resolved for a refused link'),
      fallback: { open: async () => expect.unreachable('no fallback') },
      named: { open: async (url, options) => void fallback.push([url, options]) },
    });
    await expect(opener.open('file:///etc/passwd')).rejects.toThrow(/Not opened/);
    await expect(opener.open('http://crm.example/')).rejects.toThrow(/http: links are refused/);
    await opener.open('https://crm.example/', { browser: 'firefox' });
    expect(fallback).toEqual([['https://crm.example/', { browser: 'firefox' }]]);
  });

  it('a browser that fails to start falls back for that link and is resolved again next time', async () => {
    let resolutions = 0;
    const fallback: string[] = [];
    const opener = new NativeBrowserUrlOpener({
      allowHttp: () => false,
      logger: new MemoryLogger(),
      resolve: async () => {
        resolutions += 1;
        return {
          ok: true,
          command: {
            program: path.join(root, 'gone'),
            args: [{ before: '', after: '' }],
            source: 't',
          },
        };
      },
      fallback: { open: async (url) => void fallback.push(url) },
      named: { open: async () => expect.unreachable('no named browser') },
    });
    await opener.open('https://crm.example/a');
    await opener.open('https://crm.example/b');
    expect(fallback).toEqual(['https://crm.example/a', 'https://crm.example/b']);
    expect(resolutions).toBe(2);
  });
});

describe('NamedBrowserUrlOpener (screenPop.browser)', () => {
  const never = { open: async () => expect.unreachable('no open package') };

  it('starts an absolute path directly with the URL as one argument, on every platform', async () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { program, output } = recorder(`named-${platform}`);
      const opener = new NamedBrowserUrlOpener({
        allowHttp: () => false,
        platform,
        env: {},
        fallback: never,
      });
      await opener.open(hostileUrl, { browser: program });
      expect(JSON.parse(await waitForFile(output))).toEqual([new URL(hostileUrl).href]);
    }
  });

  it('finds a bare name in PATH (Linux) and says so when it is missing', async () => {
    const { program, output } = recorder('path-browser');
    const opener = new NamedBrowserUrlOpener({
      allowHttp: () => false,
      platform: 'linux',
      env: { PATH: `${path.join(root, 'nowhere')}:${root}` },
      fallback: never,
    });
    await opener.open('https://crm.example/p', { browser: path.basename(program) });
    expect(JSON.parse(await waitForFile(output))).toEqual(['https://crm.example/p']);
    await expect(
      opener.open('https://crm.example/p', { browser: 'no-such-browser' }),
    ).rejects.toThrow(/not found in PATH/);
  });

  it('macOS: /usr/bin/open -a <name> <url>; a bare name on Windows goes to the open package', async () => {
    const spawned: unknown[] = [];
    const mac = new NamedBrowserUrlOpener({
      allowHttp: () => false,
      platform: 'darwin',
      env: {},
      fallback: never,
      spawnFn: (command, args) => {
        spawned.push([command, ...args]);
        throw Object.assign(new Error('recorded'), { code: 'ENOENT' });
      },
    });
    await expect(mac.open(hostileUrl, { browser: 'Firefox' })).rejects.toThrow(/Could not open/);
    expect(spawned).toEqual([['/usr/bin/open', '-a', 'Firefox', new URL(hostileUrl).href]]);
    const handedOver: unknown[] = [];
    const win = new NamedBrowserUrlOpener({
      allowHttp: () => false,
      platform: 'win32',
      env: {},
      fallback: { open: async (url, options) => void handedOver.push([url, options]) },
    });
    await win.open('https://crm.example/w', { browser: 'chrome' });
    expect(handedOver).toEqual([['https://crm.example/w', { browser: 'chrome' }]]);
  });

  it('refuses other schemes and line breaks in the setting before anything starts', async () => {
    const opener = new NamedBrowserUrlOpener({
      allowHttp: () => false,
      platform: 'linux',
      env: {},
      fallback: never,
      spawnFn: () => expect.unreachable('nothing starts'),
    });
    await expect(opener.open('file:///etc/passwd', { browser: '/usr/bin/x' })).rejects.toThrow(
      /Not opened/,
    );
    await expect(opener.open('https://a.example/', { browser: '/usr/bin/x\n-y' })).rejects.toThrow(
      /line break/,
    );
  });
});
