// electron-store's part of the settings, in memory: what was saved is what the next load
// returns, and every save is kept so tests can assert that nothing invalid was stored.
import type { UserSettingsStore } from '../../electron/app/services.js';

export class MemorySettingsStore implements UserSettingsStore {
  readonly location = 'settings.json (test)';
  readonly saved: Record<string, unknown>[] = [];
  constructor(private value: unknown) {}
  load(): unknown {
    return this.value;
  }
  save(settings: Record<string, unknown>): void {
    this.value = settings;
    this.saved.push(settings);
  }
}
