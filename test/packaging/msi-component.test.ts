import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  insertProtocolComponent,
  PROTOCOL_COMPONENT_ID,
  wixProtocolComponent,
} from '../../electron/core/platform/wix-protocol-component.js';
import { windowsProtocolRegistration } from '../../electron/core/platform/windows-protocol-registry.js';
import { builderRequire, loadBuilderConfig, projectRoot } from './load-builder-config.js';

interface XmlElement {
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}
const { DOMParser } = builderRequire('@xmldom/xmldom') as {
  DOMParser: new (options?: { onError?: (level: string, message: string) => void }) => {
    parseFromString(
      text: string,
      type: string,
    ): { getElementsByTagName(name: string): ArrayLike<XmlElement> };
  };
};

function parseXml(text: string) {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
}

// The group electron-builder's MSI template declares (its own template is checked below).
const PROJECT = `<?xml version="1.0" encoding="UTF-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Product Id="*" Name="Accolades Connector">
    <ComponentGroup Id="ProductComponents" Directory="APPLICATIONFOLDER">
      <Component><File Name="Accolades Connector.exe" Id="mainExecutable" KeyPath="yes"/></Component>
    </ComponentGroup>
  </Product>
</Wix>
`;

describe('MSI protocol registration component', () => {
  const project = insertProtocolComponent(PROJECT);
  const values = Array.from(parseXml(project).getElementsByTagName('RegistryValue'));

  it('inserts well-formed RegistryValues into ProductComponents, once', () => {
    expect(values.length).toBeGreaterThan(0);
    expect(insertProtocolComponent(project)).toBe(project);
    expect(project.indexOf(PROTOCOL_COMPONENT_ID)).toBeLessThan(
      project.indexOf('</ComponentGroup>'),
    );
    expect(values.filter((value) => value.getAttribute('KeyPath') === 'yes')).toHaveLength(1);
    for (const value of values) expect(value.getAttribute('Root')).toBe('HKMU');
  });

  it('writes the same values as the generator, with the install folder property', () => {
    const folder = 'C:\\Program Files\\Accolades Connector\\';
    const written = values.map((value) => ({
      key: value.getAttribute('Key'),
      name: value.hasAttribute('Name') ? value.getAttribute('Name') : '',
      data: value.getAttribute('Value')!.split('[APPLICATIONFOLDER]').join(folder),
    }));
    const expected = windowsProtocolRegistration({
      executablePath: `${folder}Accolades Connector.exe`,
      scope: 'per-machine',
    }).map(({ key, name, data }) => ({ key, name, data }));
    expect(written).toEqual(expected);
    expect(wixProtocolComponent()).toContain(
      'Value="&quot;[APPLICATIONFOLDER]Accolades Connector.exe&quot; &quot;%1&quot;"',
    );
  });

  it('fails clearly on a project without the group', () => {
    expect(() => insertProtocolComponent('<Wix></Wix>')).toThrow(/ProductComponents/);
  });

  it('is wired into electron-builder, whose template still has the group', () => {
    expect(loadBuilderConfig().msiProjectCreated).toBe('./build/msi-project-created.mjs');
    const hook = readFileSync(join(projectRoot, 'build', 'msi-project-created.mjs'), 'utf8');
    expect(hook).toContain('insertProtocolComponent');
    const template = readFileSync(
      join(
        builderRequire.resolve('app-builder-lib/package.json'),
        '..',
        'templates',
        'msi',
        'template.xml',
      ),
      'utf8',
    );
    expect(template).toMatch(/<ComponentGroup Id="ProductComponents"[^>]*>/);
  });
});

describe('build/entitlements.mac.plist', () => {
  it('parses and grants only the JIT the hardened runtime needs', () => {
    const plist = builderRequire('plist') as { parse(text: string): unknown };
    const entitlements = plist.parse(
      readFileSync(join(projectRoot, 'build', 'entitlements.mac.plist'), 'utf8'),
    );
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });
});
