import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { SpawnProgramLauncher } from '../../../electron/core/actions/program-launcher.js';
import {
  checkProgramTemplate,
  isBatchScript,
  renderProgram,
} from '../../../electron/core/templates/program-template.js';
import { hostileValues, sampleValues } from './sample-values.js';

describe('checkProgramTemplate', () => {
  test.each([
    [{ program: 'crm', args: [] }, /must be an absolute path/],
    [{ program: './crm', args: [] }, /must be an absolute path/],
    [{ program: 'C:crm.exe', args: [] }, /must be an absolute path/],
    [{ program: '', args: [] }, /empty/],
    [{ program: '/opt/{crmId}/crm', args: [] }, /may not contain placeholders/],
    [{ program: '{number}', args: [] }, /may not contain placeholders/],
    [{ program: '/opt/crm/run.bat', args: [] }, /\.bat\/\.cmd/],
    [{ program: 'C:\\CRM\\Run.BAT', args: [] }, /\.bat\/\.cmd/],
    [{ program: 'C:\\CRM\\run.Cmd', args: [] }, /\.bat\/\.cmd/],
    [{ program: 'C:\\CRM\\run.bat. . ', args: [] }, /\.bat\/\.cmd/],
    [{ program: 'C:\\CRM\\run.cmd...', args: [] }, /\.bat\/\.cmd/],
    [{ program: '/opt/crm/crm\n', args: [] }, /line break/],
    [{ program: '/opt/crm/crm', args: ['{phone}'] }, /Argument 1: Unknown placeholder \{phone\}/],
    [
      { program: '/opt/crm/crm', args: ['--x', '{e164|nope}'] },
      /Argument 2: Unknown format "nope"/,
    ],
    [{ program: '/opt/crm/crm', args: ['{e164'] }, /Argument 1: .*not closed/],
    [{ program: '/opt/crm/crm', args: ['a\0b'] }, /Argument 1 contains a NUL character/],
    [
      { program: '/opt/crm/crm', args: Array.from({ length: 65 }, () => 'x') },
      /Too many arguments/,
    ],
  ])('%j', (run, problem) => {
    const problems = checkProgramTemplate(run);
    expect(problems.join(' ')).toMatch(problem);
  });

  test.each([
    { program: '/opt/crm/crm', args: ['--phone', '{national}'] },
    { program: 'C:\\Program Files\\CRM\\crm.exe', args: ['--phone={e164}', '{time|epoch}'] },
    { program: 'C:/CRM/crm.exe', args: [] },
    { program: '\\\\server\\share\\crm.exe', args: ['{config.agent.crmUserId}'] },
    { program: '/opt/crm/batch.bats', args: [] },
  ])('accepts %j', (run) => {
    expect(checkProgramTemplate(run)).toEqual([]);
  });

  // Shells and script hosts re-read their arguments as code: caller data would become commands.
  test.each([
    '/bin/sh',
    '/bin/bash',
    '/usr/bin/zsh',
    '/usr/bin/dash',
    '/usr/local/bin/fish',
    '/bin/ksh',
    '/bin/csh',
    '/bin/tcsh',
    '/usr/bin/env',
    '/usr/bin/busybox',
    '/usr/bin/xargs',
    '/usr/bin/sudo',
    'C:\\Windows\\System32\\cmd.exe',
    'C:\\WINDOWS\\system32\\CMD.EXE',
    'C:\\Windows\\System32\\cmd',
    'C:\\Windows\\System32\\cmd.exe. . ',
    'C:\\Windows\\System32\\cmd.exe::$DATA',
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell_ise.exe',
    'C:\\Program Files\\PowerShell\\7\\pwsh.exe',
    'C:/Windows/System32/wscript.exe',
    'C:\\Windows\\System32\\cscript.exe',
    'C:\\Windows\\System32\\mshta.exe',
    'C:\\Windows\\System32\\rundll32.exe',
    'C:\\Windows\\System32\\regsvr32.exe',
    'C:\\Windows\\System32\\forfiles.exe',
    'C:\\Windows\\System32\\wsl.exe',
    'C:\\Windows\\System32\\bash.exe',
    'C:\\Program Files\\Git\\bin\\sh.exe',
    'C:\\WINDOWS\\COMMAND.COM',
    '\\\\server\\share\\cmd.exe',
  ])('refuses the shell or script host %j', (program) => {
    expect(checkProgramTemplate({ program, args: ['{e164}'] }).join(' ')).toMatch(
      /is a shell or script host/,
    );
  });

  test('refuses a Windows 8.3 short name, which could hide any program', () => {
    const run = { program: 'C:\\Windows\\System32\\WINDOW~1\\v1.0\\POWERS~1.EXE', args: [] };
    expect(checkProgramTemplate(run).join(' ')).toMatch(/short \(8\.3\) name/);
  });

  test.each([
    '/opt/crm/bash-crm',
    '/opt/crm/crm-sh',
    'C:\\CRM\\shell-helper.exe',
    'C:\\CRM\\cmdline.exe',
    '/usr/bin/node',
    '/usr/bin/python3',
    'C:\\Program Files\\Python312\\python.exe',
    'C:\\Program Files (x86)\\CRM\\crm.exe',
  ])('accepts the program %j', (program) => {
    expect(checkProgramTemplate({ program, args: ['--phone', '{e164}'] })).toEqual([]);
  });

  test('isBatchScript', () => {
    expect(isBatchScript('X.BaT')).toBe(true);
    expect(isBatchScript('x.cmd .')).toBe(true);
    expect(isBatchScript('x.exe')).toBe(false);
    expect(isBatchScript('cmd')).toBe(false);
  });
});

describe('renderProgram', () => {
  test('each placeholder fills its own argv element', () => {
    const run = {
      program: '/opt/crm/crm',
      args: ['--phone', '{national}', '--e164={e164}', '{direction}', 'x {number} y'],
    };
    expect(renderProgram(run, sampleValues('0712345678'))).toEqual({
      ok: true,
      program: '/opt/crm/crm',
      args: ['--phone', '0712345678', '--e164=+40712345678', 'inbound', 'x 0712345678 y'],
    });
  });

  test.each(['a\0b', 'line\nbreak', 'carriage\rreturn'])(
    'refuses a value with NUL/CR/LF: %j',
    (value) => {
      const result = renderProgram(
        { program: '/opt/crm/crm', args: ['--n={number}'] },
        hostileValues(value),
      );
      expect(result).toMatchObject({
        ok: false,
        error: /contains a (NUL character|line break|carriage return)/,
      });
    },
  );

  // Only digits, +, * and # of the caller's number ever reach a program: nothing a program
  // could read as a switch (/uninstall, /S /D=…), and nothing a shell or parser would act on.
  test.each([
    '/uninstall',
    '/S /D=C:\\evil',
    '0712;rm -rf ~',
    '0712345678 & calc.exe',
    '0712 345 678',
    '$(id)',
    '"0712" --evil',
    '0712\u202e',
    '٠٧١٢',
  ])('refuses a caller id that is not a dialable number: %j', (raw) => {
    for (const arg of ['{number}', '--phone={number}', 'x{number|raw}y']) {
      const rendered = renderProgram(
        { program: '/opt/crm/crm', args: ['--call', arg] },
        sampleValues(raw),
      );
      expect(rendered).toMatchObject({
        ok: false,
        error: expect.stringMatching(
          /^Argument 2: the value of \{number(\|raw)?\} \(".*"\) has characters a phone number does not have; only digits, \+, \* and # of the caller's number reach a program\./,
        ),
      });
    }
  });

  test.each(['+40712345678', '*100#', '#31#0712345678', '0712345678', ''])(
    'passes the dialable caller id %j',
    (raw) => {
      const rendered = renderProgram(
        { program: '/opt/crm/crm', args: ['--phone={number}', 'x{digits}'] },
        sampleValues(raw),
      );
      expect(rendered).toMatchObject({ ok: true });
    },
  );

  test('refuses a value that would start an argument with "/" (a Windows switch)', () => {
    const run = { program: 'C:\\CRM\\crm.exe', args: ['{crmId}'] };
    expect(renderProgram(run, sampleValues('0712345678', { crmId: '/uninstall' }))).toMatchObject({
      ok: false,
      error:
        /Argument 1: the value of \{crmId\} starts with "\/" and would be read as a switch; refused\./,
    });
  });

  test('refuses a value that would pass itself off as an option', () => {
    // Caller numbers never get this far (they are digits only); other values may.
    const run = { program: '/opt/crm/crm', args: ['{crmId}'] };
    expect(renderProgram(run, hostileValues('--config=/tmp/evil'))).toMatchObject({
      ok: false,
      error: /read as an option/,
    });
    // Behind a fixed prefix the same value is harmless.
    expect(
      renderProgram({ program: '/opt/crm/crm', args: ['--agent={crmId}'] }, hostileValues('-x')),
    ).toMatchObject({
      ok: true,
      args: ['--agent=-x'],
    });
  });

  test('refuses an invalid template and missing values', () => {
    expect(renderProgram({ program: 'relative', args: [] }, sampleValues())).toMatchObject({
      ok: false,
    });
    expect(
      renderProgram({ program: '/opt/crm/crm', args: ['{e164}'] }, sampleValues('anonymous')),
    ).toMatchObject({
      ok: false,
      error: /Argument 1: .*no international/,
    });
  });
});

const HOSTILE = [
  '"; rm -rf / #',
  '$(id)',
  '`id`',
  '%PATH%',
  "'; echo pwned; '",
  '" & calc.exe & "',
  'a | b > c < d',
  '&& whoami',
  '\\" \\\\ \\',
  'Ștefan Țăran 中文 🙂',
  '  spaces  around  ',
  '',
  '*',
  '!!',
  '^%COMSPEC%^',
];

describe('real spawn: argv reaches the program literally', () => {
  // The child prints its own argv; whatever the value, it must come back byte for byte.
  const script = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';

  test('hostile values, each in its own element, with a prefix, and after a fixed option', () => {
    // One child for every value (each node start costs a few hundred ms on a busy machine).
    const args = ['-e', script];
    HOSTILE.forEach((_, i) =>
      args.push(`{config.values.${i}}`, `pre{config.values.${i}}post`, `--n={config.values.${i}}`),
    );
    const values = sampleValues('0712345678', { configuration: { values: HOSTILE } });
    const rendered = renderProgram({ program: process.execPath, args }, values);
    expect(rendered.ok).toBe(true);
    if (!rendered.ok) return;
    const child = spawnSync(rendered.program, rendered.args, {
      shell: false,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.error).toBeUndefined();
    expect(JSON.parse(child.stdout)).toEqual(
      HOSTILE.flatMap((v) => [v, `pre${v}post`, `--n=${v}`]),
    );
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'accolades-launch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('SpawnProgramLauncher starts the rendered argv detached and without a shell', async () => {
    const out = path.join(dir, 'argv.json');
    const writer =
      "require('fs').writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))";
    const run = {
      program: process.execPath,
      args: ['-e', writer, out, ...HOSTILE.map((_, i) => `v{config.values.${i}}`)],
    };
    const values = sampleValues('0712345678', { configuration: { values: HOSTILE } });
    const rendered = renderProgram(run, values);
    expect(rendered.ok).toBe(true);
    if (!rendered.ok) return;
    const { pid } = await new SpawnProgramLauncher().launch(rendered.program, rendered.args);
    expect(pid).toBeGreaterThan(0);
    await waitForFile(out);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(HOSTILE.map((v) => `v${v}`));
  });
});

async function waitForFile(file: string): Promise<void> {
  // Poll for the child's output (not a timing assertion: the bound only stops a hung test).
  for (let i = 0; i < 500 && !(existsSync(file) && readFileSync(file, 'utf8') !== ''); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
