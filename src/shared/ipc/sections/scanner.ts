import { z } from 'zod';
import { defineRequest } from '../define';
import { tradingDateSchema } from '../../domain/market-data';
import {
  pairResultSchema,
  resultSortSchema,
  scanRequestSchema,
  scanRunSchema,
  watchlistEntrySchema,
  wireNumberSchema,
} from '../../domain/scanner';
import { symbolSchema } from '../../domain/symbol';

const pairRefSchema = z.object({ y: symbolSchema, x: symbolSchema }).strict();

/** A series on the pair view's day axis. */
const pairSeriesSchema = z.array(z.number().nullable());

export const pairDetailSchema = z.object({
  y: z.string(),
  x: z.string(),
  from: tradingDateSchema,
  to: tradingDateSchema,
  transform: z.enum(['log', 'raw']),
  dates: z.array(tradingDateSchema),
  /** Both closes divided by their first close in the window. */
  normalizedY: pairSeriesSchema,
  normalizedX: pairSeriesSchema,
  /** Spread on the formation fit: y − α − β·x (on the chosen transform). */
  spread: pairSeriesSchema,
  zscore: pairSeriesSchema,
  rollingBeta: pairSeriesSchema,
  kalmanBeta: pairSeriesSchema,
  rollingWindow: z.number().int(),
  stats: z.object({
    nobs: z.number().int(),
    beta: z.number(),
    alpha: z.number(),
    egStat: z.number().nullable(),
    egPvalue: z.number().nullable(),
    egLags: z.number().int().nullable(),
    halfLife: wireNumberSchema,
    hurst: z.number().nullable(),
    correlation: z.number().nullable(),
    johansenTrace: z.array(z.number()),
    johansenMaxEig: z.array(z.number()),
    johansenTraceCritical95: z.array(z.number()),
    johansenMaxEigCritical95: z.array(z.number()),
  }),
});
export type PairDetail = z.infer<typeof pairDetailSchema>;

export const scannerRequests = {
  'scanner:start': defineRequest({
    doc: 'Starts a pair scan as a job over the workers; progress arrives as job:progress, the run id with job:finished.',
    request: scanRequestSchema,
    response: z.object({ jobId: z.string() }),
  }),
  'scanner:runs': defineRequest({
    doc: 'Persisted scan runs, newest first, with parameters, data version and exclusions.',
    request: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    response: z.array(scanRunSchema),
  }),
  'scanner:results': defineRequest({
    doc: 'A page of one run\'s pair results, sorted and filtered in main (the table is virtualized).',
    request: z
      .object({
        runId: z.number().int().positive(),
        sort: resultSortSchema.default('pvalue'),
        descending: z.boolean().default(false),
        significantOnly: z.boolean().default(false),
        symbol: symbolSchema.optional(),
        maxPvalue: z.number().min(0).max(1).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(2000).default(500),
      })
      .strict(),
    response: z.object({ total: z.number().int(), items: z.array(pairResultSchema) }),
  }),
  'scanner:pair': defineRequest({
    doc: 'Charts and statistics of one pair over a window: normalized prices, spread and z-score, rolling and Kalman hedge ratios, Johansen, Hurst.',
    request: pairRefSchema
      .extend({ from: tradingDateSchema, to: tradingDateSchema, transform: z.enum(['log', 'raw']).default('log') })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['from'] }),
    response: pairDetailSchema,
  }),
  'watchlist:list': defineRequest({
    doc: 'Watched pairs with their latest health check.',
    request: z.object({}).strict(),
    response: z.array(watchlistEntrySchema),
  }),
  'watchlist:add': defineRequest({
    doc: 'Adds a pair to the watchlist (idempotent); the health monitor re-tests it daily.',
    request: pairRefSchema.extend({ runId: z.number().int().positive().optional(), note: z.string().trim().max(500).optional() }).strict(),
    response: z.array(watchlistEntrySchema),
  }),
  'watchlist:remove': defineRequest({
    doc: 'Removes a pair from the watchlist.',
    request: pairRefSchema,
    response: z.array(watchlistEntrySchema),
  }),
} as const;
