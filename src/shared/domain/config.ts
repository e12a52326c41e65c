import { z } from 'zod';
import { profileSchema } from './system';
import { logLevelSchema } from './logs';
import { riskConfigSchema } from './risk';
import { alertsConfigSchema } from './alerts-config';

/**
 * The one configuration schema (audit 7.2, 7.3). Every object is strict, so a typo is an
 * error with its key path instead of a silently ignored setting. There is deliberately no
 * place for credentials here: they live only in the OS keychain.
 */
const loopbackHost = z
  .string()
  .refine((h) => h === '127.0.0.1' || h === '::1' || h === 'localhost', {
    message: 'browser mode only binds a loopback address (127.0.0.1, ::1 or localhost)',
  });

export const appConfigSchema = z
  .object({
    profile: profileSchema.default('paper'),
    server: z
      .object({
        host: loopbackHost.default('127.0.0.1'),
        /** 0 picks a free port at random. */
        port: z.number().int().min(0).max(65535).default(0),
        openBrowser: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    logging: z
      .object({
        level: logLevelSchema.default('info'),
        maxFileBytes: z.number().int().min(64 * 1024).default(10 * 1024 * 1024),
        maxFiles: z.number().int().min(1).max(1000).default(10),
        maxAgeDays: z.number().int().min(1).max(3650).default(14),
        /** How many recent entries main keeps in memory for the Logs page. */
        tailSize: z.number().int().min(10).max(10_000).default(1000),
      })
      .strict()
      .prefault({}),
    store: z
      .object({
        busyTimeoutMs: z.number().int().min(0).max(600_000).default(5000),
      })
      .strict()
      .prefault({}),
    data: z
      .object({
        importPolicy: z.enum(['strict', 'lenient']).default('lenient'),
        importSampleOnFirstStart: z.boolean().default(true),
        /**
         * Folders, besides your home folder and the ArbDesk data folder, from which the renderer
         * may name files to import in browser mode (absolute paths; hidden folders stay refused).
         */
        importFolders: z.array(z.string().min(1).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path')).max(50).default([]),
        /** Consecutive unchanged closes with zero volume before a series is flagged stale. */
        staleRunDays: z.number().int().min(2).max(250).default(5),
        /** Robust z-score (median/MAD of log returns) above which a return is an outlier. */
        outlierRobustZ: z.number().positive().max(1000).default(10),
        /** Relative tolerance when matching an outlier to a split ratio (0.05 = 5%). */
        splitRatioTolerance: z.number().positive().max(0.5).default(0.04),
        /** Relative price difference above which two sources disagree. */
        reconcileTolerance: z.number().nonnegative().max(1).default(0.005),
        cacheTtlMs: z.number().int().min(0).default(5 * 60 * 1000),
        cacheMaxEntries: z.number().int().min(1).max(100_000).default(512),
      })
      .strict()
      .prefault({}),
    workers: z
      .object({
        /** 0 means one worker per core, less one for the main thread. */
        poolSize: z.number().int().min(0).max(64).default(0),
      })
      .strict()
      .prefault({}),
    scanner: z
      .object({
        /** Shards per worker thread of a scan; ~2 keeps every thread busy when shards finish unevenly. */
        shardsPerWorker: z.number().int().min(1).max(64).default(2),
        /** Trailing window (trading days) of the pair view's rolling hedge ratio. */
        rollingWindowDays: z.number().int().min(3).max(2520).default(60),
        /**
         * Kalman-filter hedge ratio (Chan 2013, ch. 3): transition noise δ (0 freezes β; larger moves it faster)
         * and the observation noise variance Ve, on the scale of the (log) prices.
         */
        kalman: z
          .object({
            delta: z.number().gt(0).lt(1).default(1e-4),
            observationVariance: z.number().positive().default(1e-3),
          })
          .strict()
          .prefault({}),
        /** Pair health monitor: every watched pair is re-tested daily on a trailing window against these bounds. */
        health: z
          .object({
            /** Trailing window of the re-test, in trading days (one year by default). */
            windowDays: z.number().int().min(60).max(2520).default(252),
            /** Broken when the Engle-Granger p-value on the window is above this. */
            maxPvalue: z.number().gt(0).lt(1).default(0.1),
            /** Broken when the spread's half-life (days) is above this, or infinite. */
            maxHalfLifeDays: z.number().positive().max(2520).default(63),
            /** Broken when the hedge ratio moved more than this fraction from the one it was chosen with. */
            maxBetaDrift: z.number().positive().max(100).default(0.5),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Pre-trade limits, automatic halts, the dead-man's switch and SLO targets (src/shared/domain/risk.ts). */
    risk: riskConfigSchema.prefault({}),
    /** Alert dedup, rate limit, OS notifications and the optional webhook (its URL is a keychain secret). */
    alerts: alertsConfigSchema.prefault({}),
    ui: z
      .object({
        theme: z.enum(['system', 'light', 'dark']).default('system'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type AppConfig = z.infer<typeof appConfigSchema>;
export type AppConfigInput = z.input<typeof appConfigSchema>;
