import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildExecLine,
  DesktopEntryError,
  quoteExecArgument,
  renderDesktopEntry,
} from '../../electron/core/platform/desktop-entry.js';
import {
  linuxAutostartEntry,
  linuxAutostartFilePath,
} from '../../electron/core/platform/linux-autostart.js';
import {
  linuxDesktopFile,
  linuxUserDesktopFilePath,
} from '../../electron/core/platform/linux-desktop-file.js';

// An independent reading of the Desktop Entry spec ("Exec key"), used to check what a desktop
// environment would make of our Exec lines: string-level unescape first, then split on spaces
// with double-quote rules, then expand %% and field codes.
function parseExec(rawValue: string): string[] {
  const value = rawValue.replace(/\\([\\nrts])/g, (_, code: string) =>
    code === '\\' ? '\\' : code === 'n' ? '\n' : code === 'r' ? '\r' : code === 't' ? '\t' : ' ',
  );
  const tokens: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let index = 0; index < value.length; index += 1) {
    const character = value[index]!;
    if (inQuotes) {
      if (character === '\\') {
        const next = value[index + 1];
        if (next === undefined || !'"`$\\'.includes(next)) throw new Error('bad escape in quotes');
        current += next;
        index += 1;
      } else if (character === '"') inQuotes = false;
      else current += character;
    } else if (character === ' ') {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else if (character === '"') {
      inQuotes = true;
      started = true;
    } else {
      if ("\t\n'><~|&;$*?#()`\\".includes(character)) {
        throw new Error(`reserved character ${JSON.stringify(character)} outside quotes`);
      }
      current += character;
      started = true;
    }
  }
  if (inQuotes) throw new Error('unterminated quote');
  if (started) tokens.push(current);
  // %% is a literal percent; a lone field code token stays as the marker "%u".
  return tokens.map((token) => (/^%[uUfF]$/.test(token) ? token : token.replace(/%%/g, '%')));
}

function keyValues(text: string): Map<string, string> {
  const lines = text.split('\n');
  expect(lines[0]).toBe('[Desktop Entry]');
  expect(text.endsWith('\n')).toBe(true);
  const map = new Map<string, string>();
  for (const line of lines.slice(1, -1)) {
    const at = line.indexOf('=');
    expect(at, line).toBeGreaterThan(0);
    const key = line.slice(0, at);
    expect(map.has(key), `duplicate key ${key}`).toBe(false);
    map.set(key, line.slice(at + 1));
  }
  return map;
}

const HOSTILE_ARGUMENTS = [
  '/opt/Accolades Connector/accolades-connector',
  '"; rm -rf ~; echo "',
  '$(touch pwned)',
  '`touch pwned`',
  "it's",
  'back\\slash \\" mixed',
  '$HOME ~ * ? # > out | & ;',
  '100% %u %%',
  '',
];

describe('Exec quoting', () => {
  it('round-trips any argument through the spec reading', () => {
    const argument = fc.string({ unit: 'grapheme', maxLength: 40 }).filter(
      // eslint-disable-next-line no-control-regex
      (text) => !/[\u0000-\u001f\u007f]/.test(text),
    );
    fc.assert(
      fc.property(fc.array(argument, { minLength: 1, maxLength: 5 }), (args) => {
        const [program, ...rest] = args as [string, ...string[]];
        fc.pre(program !== '');
        const line = buildExecLine(program, rest, '%u');
        const rendered = keyValues(renderDesktopEntry([['Exec', line]])).get('Exec')!;
        expect(parseExec(rendered)).toEqual([...args, '%u']);
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it('keeps hostile arguments literal, and a field code inside one stays text', () => {
    const line = buildExecLine(HOSTILE_ARGUMENTS[0]!, HOSTILE_ARGUMENTS.slice(1), '%u');
    const rendered = keyValues(renderDesktopEntry([['Exec', line]])).get('Exec')!;
    expect(parseExec(rendered)).toEqual([...HOSTILE_ARGUMENTS, '%u']);
    expect(quoteExecArgument('%u')).toBe('"%%u"');
  });

  it('refuses control characters instead of writing a second line', () => {
    for (const bad of ['a\nExec=/bin/evil', 'tab\there', 'nul\u0000', 'cr\r']) {
      expect(() => quoteExecArgument(bad)).toThrow(DesktopEntryError);
    }
    expect(() => buildExecLine('', [])).toThrow(DesktopEntryError);
  });

  describe('through a real POSIX shell (as older launchers run Exec)', () => {
    let folder: string;
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'desktop-exec-'));
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('gives the program exactly the arguments written, running nothing else', async () => {
      const printArgv = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';
      // Without a field code and with %% read back as %, the quoted line is valid sh.
      const args = ['-e', printArgv, ...HOSTILE_ARGUMENTS];
      const line = buildExecLine(process.execPath, args).replace(/%%/g, '%');
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn('/bin/sh', ['-c', line], { cwd: folder });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) =>
          code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}`)),
        );
      });
      expect(JSON.parse(output)).toEqual(HOSTILE_ARGUMENTS);
      expect(await readdir(folder)).toEqual([]);
    });
  });
});

describe('Linux launcher entry', () => {
  const text = linuxDesktopFile({ executablePath: '/opt/Accolades Connector/accolades-connector' });
  const entry = keyValues(text);

  it('declares the tel: and callto: scheme handlers', () => {
    expect(entry.get('MimeType')).toBe('x-scheme-handler/tel;x-scheme-handler/callto;');
    expect(entry.get('Type')).toBe('Application');
    expect(entry.get('Name')).toBe('Accolades Connector');
    expect(entry.get('Terminal')).toBe('false');
    expect(entry.get('Categories')).toBe('Network;Telephony;');
  });

  it('passes the link as one %u argument after the quoted program', () => {
    expect(entry.get('Exec')).toBe('"/opt/Accolades Connector/accolades-connector" %u');
    expect(parseExec(entry.get('Exec')!)).toEqual([
      '/opt/Accolades Connector/accolades-connector',
      '%u',
    ]);
  });

  it('escapes a hostile comment and path instead of adding keys', () => {
    const hostile = linuxDesktopFile({
      executablePath: '/home/a b/$(x)/"q".AppImage',
      comment: 'line one\nExec=/bin/evil',
    });
    const values = keyValues(hostile);
    expect([...values.keys()].filter((key) => key === 'Exec')).toHaveLength(1);
    expect(values.get('Comment')).toBe('line one\\nExec=/bin/evil');
    expect(parseExec(values.get('Exec')!)).toEqual(['/home/a b/$(x)/"q".AppImage', '%u']);
  });

  it('needs an absolute executable path', () => {
    expect(() => linuxDesktopFile({ executablePath: 'accolades-connector' })).toThrow(/absolute/);
  });

  it('lives under XDG_DATA_HOME/applications (absolute values only)', () => {
    expect(linuxUserDesktopFilePath({}, '/home/agent')).toBe(
      '/home/agent/.local/share/applications/accolades-connector.desktop',
    );
    expect(linuxUserDesktopFilePath({ XDG_DATA_HOME: '/data' }, '/home/agent')).toBe(
      '/data/applications/accolades-connector.desktop',
    );
    expect(linuxUserDesktopFilePath({ XDG_DATA_HOME: 'relative' }, '/home/agent')).toBe(
      '/home/agent/.local/share/applications/accolades-connector.desktop',
    );
  });
});

describe('Linux autostart entry', () => {
  it('starts the app hidden in the tray, no field code', () => {
    const entry = keyValues(
      linuxAutostartEntry({ executablePath: '/opt/Accolades Connector/accolades-connector' }),
    );
    expect(parseExec(entry.get('Exec')!)).toEqual([
      '/opt/Accolades Connector/accolades-connector',
      '--hidden',
    ]);
    expect(entry.get('X-GNOME-Autostart-enabled')).toBe('true');
    expect(entry.has('MimeType')).toBe(false);
  });

  it('lives in XDG_CONFIG_HOME/autostart, ignoring a relative XDG_CONFIG_HOME', () => {
    expect(linuxAutostartFilePath({}, '/home/agent')).toBe(
      '/home/agent/.config/autostart/accolades-connector.desktop',
    );
    expect(linuxAutostartFilePath({ XDG_CONFIG_HOME: '/cfg' }, '/home/agent')).toBe(
      '/cfg/autostart/accolades-connector.desktop',
    );
    expect(linuxAutostartFilePath({ XDG_CONFIG_HOME: 'cfg' }, '/home/agent')).toBe(
      '/home/agent/.config/autostart/accolades-connector.desktop',
    );
  });
});
