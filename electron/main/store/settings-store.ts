// The user's settings file, kept by electron-store in the app's data folder. It only persists
// the user's layer as JSON; the core validates it against the config schema, migrates old
// versions and applies the admin policy on top. A file that is not even JSON is moved aside
// (never silently overwritten) and the app starts from defaults, saying so in the log.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import Store from 'electron-store';
import type { Logger } from '../../core/ports.js';
import type { UserSettingsStore } from '../../app/services.js';
import { errorMessage } from '../../core/error-message.js';

const SETTINGS_FILE_NAME = 'settings';

export interface SettingsStoreOptions {
  /** Folder of the settings file (Electron `app.getPath('userData')`). */
  directory: string;
  log: Logger;
  now?: () => number;
}

function openStore(directory: string): Store<Record<string, unknown>> {
  return new Store<Record<string, unknown>>({
    cwd: directory,
    name: SETTINGS_FILE_NAME,
    // Never wipe a file we cannot read: the agent's rules may be in it.
    clearInvalidConfig: false,
    // Keys such as "accolades.url" are paths for the core, not for electron-store.
    accessPropertiesByDotNotation: false,
    // Settings can hold server addresses and account ids: keep them private to the user.
    configFileMode: 0o600,
  });
}

export function createSettingsStore(options: SettingsStoreOptions): UserSettingsStore {
  const location = join(options.directory, `${SETTINGS_FILE_NAME}.json`);
  let store: Store<Record<string, unknown>>;
  try {
    store = openStore(options.directory);
  } catch (error) {
    const aside = join(
      options.directory,
      `${SETTINGS_FILE_NAME}.broken-${(options.now ?? Date.now)()}.json`,
    );
    try {
      renameSync(location, aside);
      options.log.error(
        'the settings file could not be read; it was moved aside and defaults are used',
        {
          file: location,
          movedTo: aside,
          error: errorMessage(error),
        },
      );
    } catch (renameError) {
      options.log.error('the settings file could not be read or moved aside', {
        file: location,
        error: errorMessage(renameError),
      });
      throw error;
    }
    store = openStore(options.directory);
  }
  return {
    location,
    load: () => structuredClone(store.store),
    save: (settings) => {
      store.store = settings;
    },
  };
}
