import { EventEmitter } from 'node:events';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  LAUNCH_OPTIONS,
  SpawnProgramLauncher,
} from '../../../electron/core/actions/program-launcher.js';
import { BrowserUrlOpener } from '../../../electron/core/actions/url-opener.js';

const dir = mkdtempSync(path.join(tmpdir(), 'accolades-actions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An executable "browser" that writes the arguments it was given to a file. */
function fakeBrowser(name: string): { program: string; output: string } {
  const program = path.join(dir, name);
  const output = `${program}.json`;
  writeFileSync(
    program,
    `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(output)}, JSON.stringify(process.argv.slice(2)));\n`,
  );
  chmodSync(program, 0o755);
  return { program, output };
}

async function waitForFile(file: string): Promise<string> {
  // Poll for the child's output; the bound only stops a hung test.
  for (let i = 0; i < 500; i++) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text !== '') return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${file} never appeared`);
}

describe('BrowserUrlOpener', () => {
  test.each([
    ['javascript:alert(1)', /javascript: links are refused/],
    ['JAVASCRIPT:alert(1)', /javascript: links are refused/],
    ['file:///etc/passwd', /file: links are refused/],
    ['smb://server/share', /smb: links are refused/],
    ['data:text/html,<script>', /data: links are refused/],
    ['ms-msdt:/id PCWDiagnostic', /ms-msdt: links are refused/],
    ['http://crm.example.com/', /http: links are refused/],
    ['  /relative', /no scheme/],
    ['https://', /not a valid URL/],
  ])('refuses %j itself, whatever the caller checked', async (url, error) => {
    const calls: string[] = [];
    const opener = new BrowserUrlOpener({ openFn: async (target) => void calls.push(target) });
    await expect(opener.open(url)).rejects.toThrow(error);
    expect(calls).toEqual([]);
  });

  test('http: when the admin allows it; the configured browser is passed as the app', async () => {
    const calls: unknown[] = [];
    const opener = new BrowserUrlOpener({
      allowHttp: () => true,
      openFn: async (target, options) => void calls.push([target, options]),
    });
    await opener.open('http://crm.local/?q=%2B40', { browser: 'firefox' });
    await opener.open('https://crm.example.com/');
    expect(calls).toEqual([
      ['http://crm.local/?q=%2B40', { app: { name: 'firefox' } }],
      ['https://crm.example.com/', {}],
    ]);
  });

  test('a browser that cannot start is a clear error', async () => {
    const opener = new BrowserUrlOpener();
    await expect(
      opener.open('https://crm.example.com/', { browser: path.join(dir, 'no-such-browser') }),
    ).rejects.toThrow(/Could not open the browser ".*no-such-browser": .*ENOENT/);
  });

  test('real `open` with a configured browser path receives the URL as one argument', async () => {
    const browser = fakeBrowser('browser');
    const url = 'https://crm.example.com/contacts?phone=%2B40712345678&x=%22%3B%20rm%20-rf%20%2F';
    await new BrowserUrlOpener().open(url, { browser: browser.program });
    expect(JSON.parse(await waitForFile(browser.output))).toEqual([url]);
  });
});

describe('SpawnProgramLauncher', () => {
  test('uses spawn without a shell, detached, output ignored, hidden window, and unrefs the child', async () => {
    const seen: { command: string; args: readonly string[]; options: SpawnOptions }[] = [];
    let unrefs = 0;
    const launcher = new SpawnProgramLauncher((command, args, options) => {
      seen.push({ command, args, options });
      const child = new EventEmitter() as ChildProcess;
      Object.assign(child, { pid: 99, unref: () => void unrefs++ });
      queueMicrotask(() => child.emit('spawn'));
      return child;
    });
    await expect(launcher.launch('/opt/crm/crm', ['--phone', '$(id)'])).resolves.toEqual({
      pid: 99,
    });
    expect(seen).toEqual([
      { command: '/opt/crm/crm', args: ['--phone', '$(id)'], options: LAUNCH_OPTIONS },
    ]);
    expect(LAUNCH_OPTIONS).toMatchObject({
      shell: false,
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
    });
    expect(unrefs).toBe(1);
  });

  test.each([
    ['relative/crm', [], /absolute path/],
    ['C:\\CRM\\run.bat', [], /\.bat\/\.cmd/],
    ['C:\\CRM\\RUN.CMD. ', [], /\.bat\/\.cmd/],
    ['/opt/crm/crm', ['ok', 'a\nb'], /argument 2 contains a line break/],
    ['/opt/crm/crm', ['a\0b'], /argument 1 contains a NUL character/],
    ['/opt/crm/crm', ['a\rb'], /argument 1 contains a carriage return/],
    // The last line of defence against a shell, whatever path the program got here by.
    ['/bin/sh', ['-c', 'id'], /shell or script host/],
    ['C:\\Windows\\System32\\CMD.EXE', ['/c', 'calc'], /shell or script host/],
    ['C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0\\powershell.exe', [], /shell or script host/],
  ])('refuses %j %j before spawning', async (program, args, error) => {
    let spawned = false;
    const launcher = new SpawnProgramLauncher(() => {
      spawned = true;
      throw new Error('must not spawn');
    });
    await expect(launcher.launch(program, args)).rejects.toThrow(error);
    expect(spawned).toBe(false);
  });

  test('a missing program is a clear failure (real spawn, ENOENT)', async () => {
    await expect(
      new SpawnProgramLauncher().launch(path.join(dir, 'missing-crm'), []),
    ).rejects.toThrow(/Could not start .*missing-crm: the program does not exist \(ENOENT\)/);
  });

  test('a file that is not executable is a clear failure (real spawn, EACCES)', async () => {
    const file = path.join(dir, 'not-executable');
    writeFileSync(file, 'data');
    chmodSync(file, 0o644);
    await expect(new SpawnProgramLauncher().launch(file, [])).rejects.toThrow(
      /not executable or access is denied \(EACCES\)/,
    );
  });

  test('a real program starts and gets a pid', async () => {
    const browser = fakeBrowser('program');
    const { pid } = await new SpawnProgramLauncher().launch(browser.program, ['`id`', '%PATH%']);
    expect(pid).toBeGreaterThan(0);
    expect(JSON.parse(await waitForFile(browser.output))).toEqual(['`id`', '%PATH%']);
  });
});
