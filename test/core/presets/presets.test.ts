// Each preset, filled in with realistic inputs, must render a Romanian caller into the exact
// URL its CRM documents — through the same URL renderer a real pop uses — and the inputs must
// not be able to move that URL anywhere else.
import { describe, expect, it } from 'vitest';
import { ruleSchema } from '../../../electron/core/config/schema.js';
import { normalizePhone } from '../../../electron/core/phone/normalize-phone.js';
import {
  CRM_PRESETS,
  expandPreset,
  findPreset,
  type CrmPreset,
} from '../../../electron/core/presets/index.js';
import { renderUrl } from '../../../electron/core/templates/url-template.js';

const PHONE = { defaultCountry: 'RO', internalMaxDigits: 4 };

function render(preset: CrmPreset, inputs: Record<string, string>, caller: string): string {
  const expanded = expandPreset(preset, inputs);
  if (!expanded.ok) throw new Error(JSON.stringify(expanded.issues));
  const rendered = renderUrl(
    expanded.rule.open!,
    {
      direction: 'inbound',
      number: normalizePhone(caller, PHONE),
      crmId: 'agent-1',
      timeMs: Date.UTC(2026, 0, 2),
      configuration: undefined,
    },
    { allowHttp: false },
  );
  if (!rendered.ok) throw new Error(rendered.error);
  return rendered.url;
}

function preset(id: string): CrmPreset {
  const found = findPreset(id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
}

// One row per preset: inputs, and the exact URL for the caller 0721 234 567 (+40721234567).
const CASES: [string, Record<string, string>, string][] = [
  [
    'salesforce',
    { myDomain: 'acme' },
    'https://acme.my.salesforce.com/_ui/search/ui/UnifiedSearchResults?searchType=2&str=0721234567',
  ],
  [
    'hubspot',
    { portalId: '12345678' },
    'https://app.hubspot.com/contacts/12345678/objects/0-1/views/all/list?query=%2B40721234567',
  ],
  ['pipedrive', { companyDomain: 'acme' }, 'https://acme.pipedrive.com/search?term=0721234567'],
  [
    'zoho-crm',
    { orgId: '20071234567' },
    'https://crm.zoho.eu/crm/org20071234567/search?searchword=0721234567',
  ],
  [
    'dynamics-365',
    { orgHost: 'acme.crm4.dynamics.com' },
    'https://acme.crm4.dynamics.com/main.aspx?pagetype=search&searchText=0721234567',
  ],
  ['odoo', { host: 'acme.odoo.com' }, 'https://acme.odoo.com/odoo/contacts'],
  [
    'vtiger',
    { host: 'acme.od2.vtiger.com' },
    'https://acme.od2.vtiger.com/index.php?module=Contacts&view=List&search_params=%5B%5B%5B%22phone%22%2C%22c%22%2C%22721234567%22%5D%5D%5D',
  ],
  [
    'suitecrm',
    { host: 'crm.acme.ro', path: '/suitecrm' },
    'https://crm.acme.ro/suitecrm/index.php?module=Home&action=UnifiedSearch&query_string=0721234567',
  ],
  [
    'bitrix24',
    { host: 'acme.bitrix24.ro' },
    'https://acme.bitrix24.ro/crm/contact/list/?apply_filter=Y&PHONE=%2B40721234567',
  ],
  [
    'freshdesk',
    { subdomain: 'acme' },
    'https://acme.freshdesk.com/a/search/contacts?term=%2B40721234567',
  ],
  [
    'zendesk',
    { subdomain: 'acme' },
    'https://acme.zendesk.com/agent/search/1?type=user&q=phone%3A40721234567',
  ],
  [
    'generic',
    { host: 'crm.acme.ro', path: '/contacts/search' },
    'https://crm.acme.ro/contacts/search?phone=%2B40721234567',
  ],
];

describe('CRM presets render a Romanian caller into the documented URL', () => {
  it('has a case for every preset and a preset for every case', () => {
    expect(CASES.map(([id]) => id).sort()).toEqual(CRM_PRESETS.map((p) => p.id).sort());
  });

  for (const [id, inputs, url] of CASES) {
    it(`${id}: 0721 234 567, +40721234567 and 0040721234567 open ${url}`, () => {
      for (const caller of ['0721 234 567', '+40721234567', '0040721234567']) {
        expect(render(preset(id), inputs, caller)).toBe(url);
      }
    });
  }
});

describe('every preset is well-formed data', () => {
  for (const p of CRM_PRESETS) {
    it(`${p.id}: bilingual, cites https docs, examples match their patterns, rule is a valid rule`, () => {
      expect(p.name.en).not.toBe('');
      expect(p.name.ro).not.toBe('');
      expect(p.docs).toMatch(/^https:\/\/[a-z0-9.-]+\//);
      for (const input of p.inputs) {
        expect(input.label.ro, input.key).not.toBe('');
        expect(new RegExp(input.pattern).test(input.example), input.key).toBe(true);
        expect(input.pattern.startsWith('^') && input.pattern.endsWith('$'), input.key).toBe(true);
      }
      const example = Object.fromEntries(p.inputs.map((i) => [i.key, i.example]));
      const expanded = expandPreset(p, example);
      expect(expanded.ok ? [] : expanded.issues).toEqual([]);
      if (expanded.ok) expect(ruleSchema.safeParse(expanded.rule).success).toBe(true);
      if (p.numberFormat === 'lastN') expect(p.lastDigits).toBeGreaterThan(0);
    });
  }
});

describe('preset inputs cannot move the link', () => {
  const hostInputs: [string, string][] = [
    ['https://evil.example', 'no https://'],
    ['evil.example/path', 'path'],
    ['user:pw@evil.example', 'userinfo'],
    ['acme.crm4.dynamics.com@evil.example', 'userinfo'],
    ['evil.example#.crm4.dynamics.com', 'fragment'],
    ['evil.example?.crm4.dynamics.com', 'query'],
    ['evil.example\\.crm4.dynamics.com', 'backslash'],
    ['acme.crm4.dynamics.com.', 'trailing dot'],
    ['acme .crm4.dynamics.com', 'space'],
    ['acme%2ecrm4.dynamics.com', 'percent'],
    ['аcme.crm4.dynamics.com', 'Cyrillic a'],
    ['evil.example', 'pattern'],
    ['acme.crm4.dynamics.com.evil.example', 'pattern (suffix)'],
  ];
  for (const [value, why] of hostInputs) {
    it(`refuses the host input ${JSON.stringify(value)} (${why})`, () => {
      const result = expandPreset(preset('dynamics-365'), { orgHost: value });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues[0]!.input).toBe('orgHost');
    });
  }

  it('refuses a free host with userinfo, path or scheme even where any host is allowed', () => {
    for (const host of ['a@b.ro', 'b.ro/x', 'https://b.ro', 'b.ro:0', 'b.ro:99999', '[::1]']) {
      const result = expandPreset(preset('generic'), { host, path: '/s' });
      expect(result.ok, host).toBe(false);
    }
  });

  it('a label input cannot carry a dot, so acme.evil.example stays under the CRM domain', () => {
    for (const subdomain of ['evil.example#', 'evil.example/', 'a.b', 'x@y', '-a']) {
      expect(expandPreset(preset('zendesk'), { subdomain }).ok, subdomain).toBe(false);
    }
  });

  it('a text input is percent-encoded and cannot become a placeholder', () => {
    const hubspot: CrmPreset = {
      ...preset('hubspot'),
      inputs: preset('hubspot').inputs.map((i) =>
        i.key === 'portalId' ? { ...i, pattern: '^.*$' } : i,
      ),
    };
    const result = expandPreset(hubspot, { portalId: '{crmId}/../x?y=1#z' });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.rule.open).toBe(
        'https://app.hubspot.com/contacts/%7BcrmId%7D%2F..%2Fx%3Fy%3D1%23z/objects/0-1/views/all/list?query={e164}',
      );
    }
  });

  it('a path input refuses .. segments, encoded characters and query marks', () => {
    for (const path of ['/a/../b', '/..', '/a?b', '/a#b', '/a%2e', '//evil.example', '/{e164}']) {
      const result = expandPreset(preset('generic'), { host: 'crm.acme.ro', path });
      expect(result.ok, path).toBe(false);
    }
  });

  it('names the bad input and refuses inputs the preset does not have', () => {
    const result = expandPreset(preset('hubspot'), { portalId: 'abc', portalid: '1' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.input).sort()).toEqual(['portalId', 'portalid']);
      expect(result.issues.find((i) => i.input === 'portalId')!.message).toContain('12345678');
    }
  });

  it('a missing required input is reported, a missing input with a default is not', () => {
    const result = expandPreset(preset('hubspot'), {});
    expect(result.ok ? [] : result.issues.map((i) => i.input)).toEqual(['portalId']);
  });

  it('a host input is lower-cased and may carry a port', () => {
    const result = expandPreset(preset('generic'), { host: 'CRM.Acme.ro:8443', path: '/s' });
    expect(result.ok && result.rule.open).toBe('https://crm.acme.ro:8443/s?phone={e164}');
  });
});
