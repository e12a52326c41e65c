// The layering of the tree is a lint rule, so a violation fails CI instead of a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import arbdesk from './scripts/eslint/no-swallowing-catch.mjs';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'net', 'stream', 'url', 'util', 'events'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'coverage/**',
      'resources/**',
      // Deliberate violations that test/unit/architecture/lint-rules.test.ts lints to prove the rules fire.
      'test/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { arbdesk },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // caughtErrors: a `catch (error)` whose error is never looked at is a swallowed failure.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'all' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'arbdesk/no-swallowing-catch': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Type-aware rules. The project service finds each file's nearest tsconfig.json (the root
    // one; src/renderer and test/e2e have their own that extend tsconfig.web/e2e.json).
    files: ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its rejection (the crash policy then halts trading);
      // `void promise` marks one whose failure is handled inside it, on purpose.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
    },
  },
  {
    // One job per file (house style): past ~400 lines of code a file is doing two.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
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
