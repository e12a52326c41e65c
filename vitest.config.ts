import { defineConfig } from 'vitest/config';

// Three projects mirror the layers: unit (pure, fast), integration (real SQLite, sockets,
// child processes), e2e (the built app in Debian's Chromium through playwright-core).
export default defineConfig({
  test: {
    // Measured when run with --coverage (scripts/test.mjs does, so `npm test` fails below the
    // thresholds). What is in and out, and why, is in docs/architecture.md ("Test coverage").
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'src/**/*.tsx'],
      exclude: [
        // React components run only in Chromium under the e2e tests, which v8 in Node cannot see.
        'src/renderer/**/*.tsx',
        'src/**/*.d.ts',
        // Entry points that run only in a worker thread or the Electron binary.
        'src/main/workers/**/*.worker.ts',
        'src/main/workers/worker-runtime.ts',
        'src/main/electron/electron-main.ts',
      ],
      reporter: ['text-summary', 'json-summary'],
      // The numbers are worth seeing when a test failed too.
      reportOnFailure: true,
      reportsDirectory: 'coverage',
      thresholds: {
        lines: 70,
        // Statistics, engine, risk and backtest code carry money: a higher bar. A glob that
        // matches no file yet is not a failure (vitest checks an empty set as "Unknown").
        'src/main/stats/**': { lines: 85 },
        'src/main/engine/**': { lines: 85 },
        'src/main/risk/**': { lines: 85 },
        'src/main/backtest/**': { lines: 85 },
      },
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // The property tests run thousands of cases; under v8 coverage on a busy machine the
          // 5 s default cut them off (measured: one took 3.6 s alone, over 5 s in the full run).
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
