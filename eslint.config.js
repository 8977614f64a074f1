// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

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
    // The core must run under plain Node: no Electron, no electron-store, no main-process code.
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'electron/core runs under plain Node; inject what you need.',
            },
            {
              name: 'electron-store',
              message: 'electron/core runs under plain Node; use the store port.',
            },
          ],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', 'electron/*'],
              message: 'core must not depend on the Electron layer',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
