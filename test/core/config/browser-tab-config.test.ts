// The browserTab settings: bounded match patterns (no pattern may hand the extension every tab),
// extension origins for the admin's bridge list, paired entries that keep a hash only.
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../../electron/core/config/json-schema.js';
import { configKeyPaths } from '../../../electron/core/config/key-paths.js';
import { configSchema, defaultConfig } from '../../../electron/core/config/schema.js';
import { tabPatternOrigin } from '../../../electron/core/config/tab-pattern.js';

const parse = (browserTab: unknown) => configSchema.safeParse({ browserTab });

describe('browserTab settings', () => {
  it('has defaults matching the extension contract', () => {
    expect(defaultConfig().browserTab).toEqual({
      focusTab: false,
      newTab: 'background',
      ackTimeoutMs: 1500,
      tabPatterns: [],
      pairedExtensions: [],
    });
    for (const key of [
      'browserTab.focusTab',
      'browserTab.pairedExtensions',
      'browserTab.tabPatterns',
    ])
      expect(configKeyPaths()).toContain(key);
    const properties = (configJsonSchema().properties as Record<string, { properties?: object }>)
      .browserTab?.properties;
    expect(Object.keys(properties ?? {})).toContain('tabPatterns');
  });

  it.each([
    'https://crm.example.com/*',
    'https://*.example.com/app/*',
    'http://localhost:8080/*',
    'https://crm.example.com:8443/cases/*',
  ])('accepts the pattern %s', (pattern) => {
    expect(parse({ tabPatterns: [pattern] }).success).toBe(true);
  });

  it.each([
    '<all_urls>',
    '*://*/*',
    'https://*/*',
    'https://*.com/*',
    'file:///home/*',
    'https://crm.example.com',
    'javascript://crm.example.com/*',
    'https://crm.example.com:99999/*',
    `https://crm.example.com/${'a'.repeat(200)}`,
  ])('refuses the pattern %s', (pattern) => {
    expect(parse({ tabPatterns: [pattern] }).success).toBe(false);
  });

  it('bounds the number of patterns and gives the origin of one', () => {
    expect(parse({ tabPatterns: Array(21).fill('https://crm.example.com/*') }).success).toBe(false);
    expect(tabPatternOrigin('https://*.example.com/app/*')).toBe('https://*.example.com');
    expect(tabPatternOrigin('<all_urls>')).toBeUndefined();
  });

  it('lets the admin allow an extension origin on the bridge, but no look-alike', () => {
    const ok = configSchema.safeParse({
      bridge: {
        allowedOrigins: [`chrome-extension://${'k'.repeat(32)}`, 'https://crm.example.com'],
      },
    });
    expect(ok.success).toBe(true);
    for (const bad of [
      'chrome-extension://xyz',
      `chrome-extension://${'z'.repeat(32)}`,
      'moz-extension://abc',
    ])
      expect(configSchema.safeParse({ bridge: { allowedOrigins: [bad] } }).success, bad).toBe(
        false,
      );
  });

  it('keeps only a token hash for a paired extension', () => {
    const entry = {
      origin: 'moz-extension://0f3c2a9e-1b2d-4c5e-8f90-a1b2c3d4e5f6',
      browser: 'firefox',
      tokenSha256: 'f'.repeat(64),
      pairedAt: '2026-12-01T10:00:00.000Z',
    };
    expect(parse({ pairedExtensions: [entry] }).success).toBe(true);
    expect(parse({ pairedExtensions: [{ ...entry, token: 'clear' }] }).success).toBe(false);
    expect(parse({ pairedExtensions: [{ ...entry, tokenSha256: 'not-a-hash' }] }).success).toBe(
      false,
    );
  });
});
