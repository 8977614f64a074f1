// The extension's pure parts in Node: which tab a pop goes to (never a tab of another origin, a
// refused origin is refused, the tab used last is preferred), admin match patterns, the
// managed-before-local settings and the reconnect backoff.
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../browser-extension/src/retry-delay.js';
import { settingsFrom } from '../../browser-extension/src/settings-values.js';
import { chooseTab, matchesPattern } from '../../browser-extension/src/tab-navigator.js';

const CRM = 'https://crm.example.com';
const POP = `${CRM}/contacts?phone=%2B40722000001`;

const tabs = [
  { id: 1, url: 'https://mail.example.com/inbox', lastAccessed: 50 },
  { id: 2, url: `${CRM}/home`, lastAccessed: 10 },
  { id: 3, url: `${CRM}/contacts/7`, lastAccessed: 30 },
  { id: 4, url: 'http://crm.example.com/old', lastAccessed: 90 },
  { id: 5, url: undefined },
];

const choose = (overrides: Partial<Parameters<typeof chooseTab>[0]> = {}) =>
  chooseTab({
    tabs,
    url: POP,
    allowedOrigins: [CRM],
    tabPatterns: [],
    lastTabId: undefined,
    ...overrides,
  });

describe('tab choice', () => {
  it('navigates the most recently used tab of the pop origin, never another origin', () => {
    expect(choose()).toEqual({ kind: 'navigate', tabId: 3, href: POP });
  });

  it('prefers the tab it used last while that tab still shows the CRM', () => {
    expect(choose({ lastTabId: 2 })).toMatchObject({ tabId: 2 });
    // The agent took that tab elsewhere: it is not the CRM tab any more.
    const moved = tabs.map((t) => (t.id === 2 ? { ...t, url: 'https://news.example.org/' } : t));
    expect(choose({ tabs: moved, lastTabId: 2 })).toMatchObject({ tabId: 3 });
  });

  it('opens a new tab when no tab shows the CRM', () => {
    expect(choose({ tabs: tabs.filter((t) => t.id === 1 || t.id === 5) })).toEqual({
      kind: 'create',
      href: POP,
    });
  });

  it('refuses a URL whose origin the rule does not allow, whatever tabs exist', () => {
    expect(choose({ url: 'https://evil.example.net/x' })).toMatchObject({
      kind: 'refuse',
      reason: 'origin-not-allowed',
    });
    // Same host, other scheme or port: another origin.
    expect(choose({ url: 'http://crm.example.com/x' }).kind).toBe('refuse');
    expect(choose({ url: 'https://crm.example.com:8443/x' }).kind).toBe('refuse');
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url', '']) {
      expect(choose({ url, allowedOrigins: [CRM, 'null'] }).kind, url).toBe('refuse');
    }
  });

  it('an admin pattern adds tabs of another host of the CRM, and only those', () => {
    const appTabs = [
      { id: 8, url: 'https://app.crm.example.com/dash', lastAccessed: 1 },
      { id: 9, url: 'https://mail.example.com/', lastAccessed: 2 },
    ];
    expect(choose({ tabs: appTabs }).kind).toBe('create');
    expect(choose({ tabs: appTabs, tabPatterns: ['https://*.crm.example.com/*'] })).toEqual({
      kind: 'navigate',
      tabId: 8,
      href: POP,
    });
  });

  it('judges a loading tab by where it is going, not by the page it is leaving', () => {
    expect(choose({ tabs: [{ id: 7, url: '', pendingUrl: `${CRM}/c/1` }] })).toMatchObject({
      tabId: 7,
    });
    expect(
      choose({ tabs: [{ id: 7, url: `${CRM}/c/1`, pendingUrl: 'https://news.example.org/' }] })
        .kind,
    ).toBe('create');
  });

  it('skips tabs of popup windows', () => {
    expect(choose({ tabs: [{ id: 6, url: `${CRM}/x`, windowType: 'popup' }] }).kind).toBe('create');
  });
});

describe('match patterns', () => {
  const url = (text: string) => new URL(text);
  it.each([
    ['https://crm.example.com/*', 'https://crm.example.com/a/b?c=1', true],
    ['https://crm.example.com/*', 'http://crm.example.com/a', false],
    ['*://crm.example.com/*', 'http://crm.example.com/a', true],
    ['https://*.example.com/*', 'https://example.com/', true],
    ['https://*.example.com/*', 'https://a.b.example.com/x', true],
    ['https://*.example.com/*', 'https://example.com.evil.net/x', false],
    ['https://crm.example.com/app/*', 'https://crm.example.com/other', false],
    ['https://crm.example.com:8443/*', 'https://crm.example.com/x', false],
    ['http://127.0.0.1/*', 'http://127.0.0.1:5555/x', true],
    ['<all_urls>', 'https://crm.example.com/', false],
    ['ftp://crm.example.com/*', 'https://crm.example.com/', false],
  ])('%s against %s: %s', (pattern, target, expected) => {
    expect(matchesPattern(pattern, url(target))).toBe(expected);
  });
});

describe('settings and backoff', () => {
  it('takes each key from managed storage first, then local, then the default', () => {
    expect(settingsFrom({}, {})).toEqual({
      bridgePort: 14330,
      token: '',
      focusTab: false,
      newTab: undefined,
      tabPatterns: [],
    });
    expect(
      settingsFrom(
        { token: 'admin', bridgePort: 'nope' },
        { token: 'paired', bridgePort: 15000, focusTab: true, newTab: 'sideways' },
      ),
    ).toEqual({
      bridgePort: 15000,
      token: 'admin',
      focusTab: true,
      newTab: undefined,
      tabPatterns: [],
    });
  });

  it('reconnects quickly at first, then backs off to at most about 10 s', () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(500);
    expect(retryDelayMs(1, () => 0.5)).toBe(1000);
    expect(retryDelayMs(20, () => 1)).toBe(12_000);
    expect(retryDelayMs(20, () => 0)).toBe(8_000);
  });
});
