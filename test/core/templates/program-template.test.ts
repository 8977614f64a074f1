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
    expect(renderProgram(run, sampleValues('0712 345 678'))).toEqual({
      ok: true,
      program: '/opt/crm/crm',
      args: ['--phone', '0712345678', '--e164=+40712345678', 'inbound', 'x 0712 345 678 y'],
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

  test('refuses a value that would pass itself off as an option', () => {
    const run = { program: '/opt/crm/crm', args: ['{number}'] };
    expect(renderProgram(run, hostileValues('--config=/tmp/evil'))).toMatchObject({
      ok: false,
      error: /read as an option/,
    });
    // Behind a fixed prefix the same value is harmless.
    expect(
      renderProgram({ program: '/opt/crm/crm', args: ['--phone={number}'] }, hostileValues('-x')),
    ).toMatchObject({
      ok: true,
      args: ['--phone=-x'],
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
