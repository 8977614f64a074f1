// The extension's settings: storage.managed (the admin's browser policy) wins over storage.local
// (pairing), values of the wrong type are ignored, a pairing never writes over an admin value, and
// the managed-storage schema the browser enforces names exactly the settings the extension reads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  mergeSettings,
  saveLocalSettings,
  type StorageAreas,
} from '../../browser-extension/src/settings-store.js';
import { DEFAULT_BRIDGE_PORT } from '../../electron/core/config/schema.js';

/** chrome.storage's two areas in memory; `managed` rejects like Firefox without a policy. */
function storage(managed: Record<string, unknown> | 'no-policy', local: Record<string, unknown>) {
  const areas: StorageAreas & { localItems: Record<string, unknown> } = {
    localItems: { ...local },
    managed: {
      get: async () => {
        if (managed === 'no-policy') throw new Error('Managed storage manifest not found');
        return { ...managed };
      },
    },
    local: {
      get: async () => ({ ...areas.localItems }),
      set: async (items) => {
        Object.assign(areas.localItems, items);
      },
    },
  };
  return areas;
}

describe('extension settings store', () => {
  it('uses the connector default port and the contract defaults', async () => {
    expect(DEFAULT_SETTINGS.bridgePort).toBe(DEFAULT_BRIDGE_PORT);
    expect(await loadSettings(storage('no-policy', {}))).toEqual({
      values: DEFAULT_SETTINGS,
      managed: [],
    });
  });

  it('lets the admin value win, key by key, and says which keys are the admin’s', () => {
    const loaded = mergeSettings(
      { bridgePort: 15000, focusTab: true },
      { bridgePort: 14400, token: 'paired-token', focusTab: false, newTab: 'foreground' },
    );
    expect(loaded.values).toEqual({
      bridgePort: 15000,
      token: 'paired-token',
      focusTab: true,
      newTab: 'foreground',
      tabPatterns: [],
    });
    expect(loaded.managed.sort()).toEqual(['bridgePort', 'focusTab']);
  });

  it('ignores values of the wrong type (a policy typo) instead of breaking', () => {
    const loaded = mergeSettings(
      { bridgePort: '14330', newTab: 'sideways', tabPatterns: 'https://crm.example.com/*' },
      { bridgePort: 80 },
    );
    expect(loaded.values).toEqual(DEFAULT_SETTINGS);
    expect(loaded.managed).toEqual([]);
  });

  it('a pairing saves port and token locally, but never over an admin value', async () => {
    const areas = storage({ bridgePort: 15000 }, {});
    const saved = await saveLocalSettings({ bridgePort: 14330, token: 'new-token' }, areas);
    expect(saved).toEqual(['token']);
    expect(areas.localItems).toEqual({ token: 'new-token' });
    expect((await loadSettings(areas)).values).toMatchObject({
      bridgePort: 15000,
      token: 'new-token',
    });
  });

  it('has a managed-storage schema with exactly the settings the extension reads', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../browser-extension/managed-schema.json', import.meta.url), 'utf8'),
    ) as { type: string; properties: Record<string, { type: string }> };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
    expect(schema.properties.bridgePort).toMatchObject({ type: 'integer', minimum: 1024 });
  });
});
