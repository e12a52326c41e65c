// The layering of the tree is a lint rule, so a violation fails CI instead of a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'net', 'stream', 'url', 'util', 'events'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/renderer/**'], message: 'src/shared imports nothing from main or renderer.' },
            { group: nodeBuiltins, message: 'src/shared is pure TypeScript: no Node built-ins.' },
            { group: ['electron', 'react', 'react-dom', 'zustand', 'better-sqlite3', 'pino', 'ws'], message: 'src/shared depends only on zod.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only src/main/electron may import electron; engine, stats, store and data code run in plain Node.' },
            { group: ['**/renderer/**', 'react', 'react-dom', 'zustand'], message: 'Main never imports renderer code.' },
          ],
        },
      ],
    },
  },
  {
    // The engine is pure: ports only. It never reaches the data layer, the store, a broker,
    // the backtest's simulated venue or Node's I/O (issue 13: one path for every mode).
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only src/main/electron may import electron; engine, stats, store and data code run in plain Node.' },
            { group: ['**/renderer/**', 'react', 'react-dom', 'zustand'], message: 'Main never imports renderer code.' },
            { group: nodeBuiltins, message: 'The engine does no I/O: time comes from the injected Clock.' },
            { group: ['**/data/**', '**/store/**', '**/broker/**', '**/backtest/**', 'better-sqlite3'], message: 'The engine uses ports only (src/main/engine/ports.ts).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', ...nodeBuiltins], message: 'The renderer is untrusted browser code: no Electron, no Node.' },
            { group: ['**/main/**'], message: 'The renderer reaches main only through src/renderer/api/client.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    ignores: ['src/renderer/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', ...nodeBuiltins], message: 'The renderer is untrusted browser code: no Electron, no Node.' },
            { group: ['**/main/**'], message: 'The renderer reaches main only through src/renderer/api/client.ts.' },
            {
              group: ['**/api/*', '!**/api/client'],
              message: 'Features and stores talk to main only through api/client (never a transport directly).',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'WebSocket', message: 'Only src/renderer/api opens sockets.' }],
      'no-restricted-properties': ['error', { object: 'window', property: 'arbdesk', message: 'Only src/renderer/api touches the preload bridge.' }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'test/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' } },
  },
);
