// The layering of the tree is a lint rule, so a violation fails CI instead of a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import arbdesk from './scripts/eslint/no-swallowing-catch.mjs';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'net', 'stream', 'url', 'util', 'events'];

const electronOnly = { group: ['electron', 'electron/*'], message: 'Only src/main/electron may import electron; engine, stats, store and data code run in plain Node.' };
const noRenderer = { group: ['**/renderer/**', 'react', 'react-dom', 'zustand'], message: 'Main never imports renderer code.' };

/**
 * A relative import that lands in one of main's folders. Two things stay open to every
 * layer: src/shared (the contract and value types) and any area's pure `core/` folder (its
 * domain types and rules), which by the pure-core rule does no I/O itself.
 */
function intoFolders(names, message) {
  return { regex: `^(?!.*shared/)[./]*(?:[^/]+/)*?(?:${names.join('|')})(?:/(?!core/).*)?$`, message };
}
const transports = ['ipc', 'cli', 'electron', 'server', 'app'];
const services = ['data', 'scanner', 'backtest', 'models', 'trading', 'broker', 'risk', 'audit', 'alerts', 'workers', 'jobs', 'events', 'metrics', 'secrets', 'ml'];
const ipcFile = { regex: '\\.ipc$', message: 'Only an <area>.module.ts (or the composition root) wires an <area>.ipc.ts; services never import the IPC edge.' };

/** Pure cores (core/, stats/, engine/, any area's core/): no I/O, time only from an injected Clock. */
const pureCode = [
  { group: [...nodeBuiltins, 'better-sqlite3', 'pino', 'ws', 'keytar'], message: 'Pure core code (core/, stats/, engine/, <area>/core/) does no I/O.' },
  intoFolders(['store', 'config', 'logging', ...services, ...transports], 'Pure core code imports only src/shared, core/, stats/ and <area>/core/; time comes from an injected Clock.'),
];
/** The statistics core sits under every area: typed arrays in, plain results out; it imports only shared and core. */
const statsOnly = [{ regex: '^\\.\\./(?!core(/|$)|\\.\\./shared(/|$))', message: 'src/main/stats imports only src/shared and src/main/core.' }];
/** The engine reaches venues, data and persistence only through its own ports. */
const enginePorts = [intoFolders(['backtest', 'broker', 'data', 'store'], 'The engine imports ports, never the store, a data source or a broker/venue adapter.')];
const storeLayer = [intoFolders([...services, ...transports, 'engine', 'stats'], 'store/ sits under the services: it imports only core (src/main/core, <area>/core), shared, config and logging.')];
const serviceLayer = [intoFolders(transports, 'Services never import the IPC edge, the CLI, the transports or the composition root; those call services.'), ipcFile];
const moduleLayer = [intoFolders(['cli', 'electron', 'server'], 'A module wires its area for the composition root; it never imports the CLI or a transport.')];
const ipcLayer = [intoFolders(['store'], 'An <area>.ipc.ts adapts a service to channels; it never reaches the store directly.')];

function mainLayer(files, ignores, extra) {
  return {
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns: [electronOnly, noRenderer, ...extra.flat()] }] },
  };
}

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
  // Main's inner layers: core ← store ← services ← ipc/cli/electron/server. ESLint applies
  // only the last matching block's options for a rule, so each block lists every pattern
  // that applies to its files (mainLayer composes them).
  mainLayer(['src/main/**/*.ts'], ['src/main/electron/**'], []),
  mainLayer(['src/main/core/**/*.ts', 'src/main/stats/**/*.ts', 'src/main/*/core/**/*.ts', 'src/main/risk/analytics/**/*.ts'], [], [pureCode]),
  mainLayer(['src/main/engine/**/*.ts'], [], [pureCode, enginePorts]),
  mainLayer(['src/main/stats/**/*.ts'], [], [pureCode, statsOnly]),
  mainLayer(['src/main/store/**/*.ts'], [], [storeLayer]),
  mainLayer(['src/main/**/*.ts'], ['src/main/electron/**', 'src/main/core/**', 'src/main/stats/**', 'src/main/engine/**', 'src/main/*/core/**', 'src/main/store/**', 'src/main/ipc/**', 'src/main/cli/**', 'src/main/server/**', 'src/main/app/**', 'src/main/**/*.ipc.ts', 'src/main/**/*.module.ts'], [serviceLayer]),
  // An <area>.module.ts wires its service, its IPC handlers and its ports: it may import both, never the transports or the CLI.
  mainLayer(['src/main/**/*.module.ts'], [], [moduleLayer]),
  mainLayer(['src/main/**/*.ipc.ts', 'src/main/ipc/handlers/**/*.ts'], [], [ipcLayer]),
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
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'test/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' } },
  },
);
