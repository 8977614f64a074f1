// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const ELECTRON_PACKAGES = ['electron', 'electron-store', 'electron-updater'].map((name) => ({
  name,
  message: 'this layer runs under plain Node: inject what you need through a port.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The browser companion extension runs in the browser (service worker and two pages): browser
    // and WebExtension globals, no Node, nothing from the connector except the shared protocol.
    files: ['browser-extension/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ELECTRON_PACKAGES,
          patterns: [
            {
              group: ['node:*', '**/electron/core/**', '**/electron/main/**', '**/electron/app/**'],
              message: 'the extension runs in the browser: share only electron/shared files',
            },
          ],
        },
      ],
    },
  },
  {
    // The core must run under plain Node: no Electron, no electron-store, nothing above it.
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ELECTRON_PACKAGES,
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', '**/app/**', 'electron/*'],
              message: 'core must not depend on the application or the Electron layer',
            },
          ],
        },
      ],
    },
  },
  {
    // The application layer and the IPC contract are Electron-free too: the services behind
    // IPC, settings layers, views and link handling run in plain Node tests.
    files: ['electron/app/**/*.ts', 'electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ELECTRON_PACKAGES,
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', 'electron/*'],
              message: 'the application layer must not depend on the Electron shell',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
