import { readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES_KEY,
  protocolOpenCommand,
  toRegFile,
  windowsProtocolRegistration,
  type RegistryValue,
} from '../../electron/core/platform/windows-protocol-registry.js';
import { PRODUCT_NAME } from '../../electron/core/platform/product-identity.js';
import { policyFilePath } from '../../electron/core/config/policy-path.js';
import { projectRoot } from './load-builder-config.js';

const EXE = 'C:\\Program Files\\Accolades Connector\\Accolades Connector.exe';

function valueOf(values: readonly RegistryValue[], key: string, name = ''): string | undefined {
  return values.find((value) => value.key === key && value.name === name)?.data;
}

describe('Windows protocol registration data', () => {
  const perUser = windowsProtocolRegistration({ executablePath: EXE, scope: 'per-user' });

  it('declares Capabilities with URLAssociations for tel and callto', () => {
    const associations = `${CAPABILITIES_KEY}\\URLAssociations`;
    expect(CAPABILITIES_KEY).toBe('Software\\Accolades\\Accolades Connector\\Capabilities');
    expect(valueOf(perUser, associations, 'tel')).toBe('AccoladesConnector.tel');
    expect(valueOf(perUser, associations, 'callto')).toBe('AccoladesConnector.callto');
    expect(valueOf(perUser, CAPABILITIES_KEY, 'ApplicationName')).toBe(PRODUCT_NAME);
  });

  it('names the Capabilities under RegisteredApplications', () => {
    expect(valueOf(perUser, 'Software\\RegisteredApplications', PRODUCT_NAME)).toBe(
      CAPABILITIES_KEY,
    );
  });

  it('opens links with the quoted exe and the link as one quoted argument', () => {
    const command = `"${EXE}" "%1"`;
    for (const progId of ['AccoladesConnector.tel', 'AccoladesConnector.callto', 'tel', 'callto']) {
      const classKey = `Software\\Classes\\${progId}`;
      expect(valueOf(perUser, `${classKey}\\shell\\open\\command`), progId).toBe(command);
      expect(valueOf(perUser, classKey, 'URL Protocol'), progId).toBe('');
    }
    expect(valueOf(perUser, 'Software\\Classes\\tel')).toBe('URL:tel');
  });

  it('writes to HKCU per user and HKLM per machine', () => {
    expect(new Set(perUser.map((value) => value.hive))).toEqual(new Set(['HKCU']));
    const perMachine = windowsProtocolRegistration({ executablePath: EXE, scope: 'per-machine' });
    expect(new Set(perMachine.map((value) => value.hive))).toEqual(new Set(['HKLM']));
    expect(perMachine.map(({ key, name, data }) => [key, name, data])).toEqual(
      perUser.map(({ key, name, data }) => [key, name, data]),
    );
  });

  it('refuses paths that could break out of the quotes or are not an absolute exe', () => {
    for (const bad of [
      'Accolades Connector.exe',
      'C:\\Apps\\evil" --inspect "x.exe',
      'C:\\Apps\\line\nbreak.exe',
      'C:\\Apps\\Accolades Connector.bat',
      '/opt/accolades-connector',
    ]) {
      expect(() => protocolOpenCommand(bad), bad).toThrow();
    }
    expect(protocolOpenCommand('\\\\server\\apps\\Accolades Connector.exe')).toBe(
      '"\\\\server\\apps\\Accolades Connector.exe" "%1"',
    );
  });

  it('exports a .reg file admins can import', () => {
    const reg = toRegFile(perUser);
    expect(reg.startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
    expect(reg).toContain(
      '[HKEY_CURRENT_USER\\Software\\Classes\\AccoladesConnector.tel\\shell\\open\\command]\r\n' +
        '@="\\"C:\\\\Program Files\\\\Accolades Connector\\\\Accolades Connector.exe\\" \\"%1\\""',
    );
    expect(reg).toContain(
      '[HKEY_CURRENT_USER\\Software\\RegisteredApplications]\r\n' +
        '"Accolades Connector"="Software\\\\Accolades\\\\Accolades Connector\\\\Capabilities"',
    );
  });
});

describe('docs/windows/accolades-connector-per-machine.reg', () => {
  it('is what the generator gives for the MSI install folder', () => {
    const file = readFileSync(
      join(projectRoot, 'docs', 'windows', 'accolades-connector-per-machine.reg'),
      'utf8',
    );
    const expected = toRegFile(
      windowsProtocolRegistration({ executablePath: EXE, scope: 'per-machine' }),
    );
    expect(file, 'regenerate it with toRegFile()').toBe(expected);
  });
});

// The NSIS include writes the same values with SHCTX (HKCU or HKLM by install mode).
function nsisRegistryWrites(script: string, executablePath: string) {
  const defines = new Map<string, string>([
    ['PRODUCT_NAME', PRODUCT_NAME],
    ['APP_EXECUTABLE_FILENAME', 'Accolades Connector.exe'],
  ]);
  for (const match of script.matchAll(/^!define (\w+) "([^"]*)"$/gm)) {
    defines.set(match[1]!, match[2]!);
  }
  const expand = (text: string): string => {
    let result = text;
    // Defines may refer to other defines; expand until stable.
    for (let round = 0; round < 5; round += 1) {
      result = result.replace(/\$\{(\w+)\}/g, (whole, name: string) => defines.get(name) ?? whole);
    }
    return result.replace(/\$INSTDIR\\Accolades Connector\.exe/g, executablePath);
  };
  const argument = String.raw`("[^"]*"|'[^']*')`;
  const line = new RegExp(
    String.raw`^\s*WriteRegStr SHCTX ${argument} ${argument} ${argument}\s*$`,
    'gm',
  );
  return [...script.matchAll(line)].map((match) => {
    const [key, name, data] = [match[1]!, match[2]!, match[3]!].map((quoted) =>
      expand(quoted.slice(1, -1)),
    );
    return { key: key!, name: name!, data: data! };
  });
}

describe('build/installer.nsh', () => {
  const script = readFileSync(join(projectRoot, 'build', 'installer.nsh'), 'utf8');
  const exe =
    'C:\\Users\\agent\\AppData\\Local\\Programs\\Accolades Connector\\Accolades Connector.exe';

  it('writes exactly the values the generator describes', () => {
    const written = nsisRegistryWrites(script, exe);
    const expected = windowsProtocolRegistration({ executablePath: exe, scope: 'per-user' }).map(
      ({ key, name, data }) => ({ key, name, data }),
    );
    expect(written.length).toBeGreaterThan(0);
    expect(written).toEqual(expected);
  });

  it('mentions both schemes and removes its keys on uninstall', () => {
    for (const scheme of ['tel', 'callto']) {
      expect(script).toContain(
        `DeleteRegKey SHCTX "Software\\Classes\\AccoladesConnector.${scheme}"`,
      );
    }
    expect(script).toContain(
      'DeleteRegValue SHCTX "Software\\RegisteredApplications" "${PRODUCT_NAME}"',
    );
    expect(script).toMatch(/!macro customUnInstall[\s\S]*\$\{IfNot\} \$\{isUpdated\}/);
  });

  it('copies a /POLICY= file to ProgramData, per machine only, failing loudly when missing', () => {
    expect(script).toMatch(/\$\{GetOptions\} \$R0 "\/POLICY=" \$R1/);
    expect(script).toContain('!define ACCOLADES_POLICY_FOLDER "Accolades Connector"');
    expect(script).toMatch(/ReadEnvStr \$R2 "PROGRAMDATA"/);
    expect(script).toContain(
      'CopyFiles /SILENT "$R1" "$R2\\${ACCOLADES_POLICY_FOLDER}\\policy.json"',
    );
    expect(script).toMatch(/\$\{IfNot\} \$\{FileExists\} "\$R1"\s*\n\s*!insertmacro accoladesFail/);
    expect(script).toMatch(/SetErrorLevel 2/);
    expect(script).toMatch(/\$installMode != "all"/);
  });

  it('puts the policy where the app and the CLI read it', () => {
    const folder = /!define ACCOLADES_POLICY_FOLDER "([^"]+)"/.exec(script)?.[1];
    expect(folder).toBeDefined();
    const programData = 'D:\\ProgramData';
    expect(win32.join(programData, folder!, 'policy.json')).toBe(
      policyFilePath('win32', { ProgramData: programData }),
    );
  });
});
