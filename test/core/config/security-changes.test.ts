// Which differences between two effective configurations an import must ask about: programs
// added or changed, where the REST password and the lookup key go, the server, trust, proxy,
// the browser program, the local bridge and pairing, the update feed. Everything else is not.
import { describe, expect, it } from 'vitest';
import {
  configSchema,
  describeSecurityChange,
  securityChanges,
  type ConnectorConfigInput,
} from '../../../electron/core/config/index.js';
import { exportSettings } from '../../../electron/core/config/export-import.js';

const config = (input: ConnectorConfigInput = {}) => configSchema.parse(input);

const DESK = {
  name: 'Desk app',
  run: { program: '/opt/crm/crm', args: ['--phone', '{e164}'] },
};

describe('securityChanges', () => {
  it('finds nothing between equal configurations, or for harmless fields', () => {
    expect(securityChanges(config(), config())).toEqual([]);
    const harmless = config({
      accolades: { crmId: 'agent-7' },
      phone: { defaultCountry: 'MD' },
      screenPop: { dedupeWindowSeconds: 5 },
      ui: { language: 'ro' },
      rules: [{ name: 'Web', open: 'https://crm.example.com/?n={e164}' }],
      updates: { checkHours: 48 },
    });
    expect(securityChanges(config(), harmless)).toEqual([]);
  });

  it('names a program added, and a program changed with what it was', () => {
    const before = config({ rules: [DESK] });
    const added = config({
      rules: [DESK, { name: 'Other', run: { program: '/usr/bin/other', args: [] } }],
    });
    expect(securityChanges(before, added)).toEqual([
      { kind: 'program', rule: 'Other', program: '/usr/bin/other', args: [] },
    ]);
    const changed = config({
      rules: [{ ...DESK, run: { program: '/opt/crm/crm', args: ['--wipe', '{e164}'] } }],
    });
    expect(securityChanges(before, changed)).toEqual([
      {
        kind: 'program',
        rule: 'Desk app',
        program: '/opt/crm/crm',
        args: ['--wipe', '{e164}'],
        before: { program: '/opt/crm/crm', args: ['--phone', '{e164}'] },
      },
    ]);
    // Removing or reordering programs takes no power away from the admin or the agent.
    expect(securityChanges(before, config())).toEqual([]);
    expect(
      securityChanges(config({ rules: [DESK, { ...DESK, name: 'b' }] }), config({ rules: [DESK] })),
    ).toEqual([]);
  });

  it('names the addresses secrets and calls go to, and the bridge, pairing and update feed', () => {
    const after = config({
      accolades: { url: 'wss://pbx.example.net:1', caFile: '/tmp/ca.pem', proxy: 'http://p:3128' },
      rest: { baseUrl: 'https://collector.example.net', passwordFile: '/etc/shadow' },
      lookup: { url: 'https://names.example.net/?n={e164}', apiKeyHeader: 'X-Key' },
      screenPop: { browser: '/tmp/browser', allowHttp: true },
      bridge: { enabled: true, allowedOrigins: ['https://crm.example.net'] },
      pairing: { allowedOrigins: ['https://evil.example.net'] },
      updates: { feedUrl: 'https://updates.example.net/feed' },
    });
    const keys = securityChanges(config(), after).map((c) => (c.kind === 'setting' ? c.key : ''));
    expect(keys).toEqual([
      'accolades.url',
      'accolades.caFile',
      'accolades.proxy',
      'rest.baseUrl',
      'rest.passwordFile',
      'lookup.url',
      'lookup.apiKeyHeader',
      'screenPop.browser',
      'screenPop.allowHttp',
      'bridge.enabled',
      'bridge.allowedOrigins',
      'pairing.allowedOrigins',
      'updates.feedUrl',
    ]);
    expect(securityChanges(config(), after)[3]).toEqual({
      kind: 'setting',
      key: 'rest.baseUrl',
      concern: 'rest-password',
      before: 'https://client.voipit.ro',
      after: 'https://collector.example.net',
    });
  });

  it('describes each change in one plain line', () => {
    const [program, address] = securityChanges(
      config(),
      config({ rules: [DESK], rest: { baseUrl: 'https://collector.example.net' } }),
    );
    expect(describeSecurityChange(program!)).toBe(
      'Rule "Desk app" starts the program /opt/crm/crm with the arguments "--phone" "{e164}".',
    );
    expect(describeSecurityChange(address!)).toBe(
      'rest.baseUrl (where the REST password is sent): https://client.voipit.ro → https://collector.example.net',
    );
    const [origins] = securityChanges(
      config(),
      config({ bridge: { allowedOrigins: ['https://a.example', 'https://b.example'] } }),
    );
    expect(describeSecurityChange(origins!)).toBe(
      'bridge.allowedOrigins (the local event bridge that web pages and programs connect to): (none) → https://a.example, https://b.example',
    );
  });
});

describe('exportSettings and the CRM ID', () => {
  it('leaves the CRM ID out unless asked, and drops a section left empty', () => {
    const settings = { accolades: { crmId: 'agent-42' }, phone: { defaultCountry: 'MD' } };
    expect(JSON.parse(exportSettings(settings))).toEqual({
      version: 1,
      phone: { defaultCountry: 'MD' },
    });
    expect(JSON.parse(exportSettings(settings, { includeCrmId: true }))).toEqual({
      version: 1,
      ...settings,
    });
  });
});
