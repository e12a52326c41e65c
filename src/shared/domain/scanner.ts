import { z } from 'zod';
import { adjustmentBasisSchema, tradingDateSchema } from './market-data';
import { symbolSchema } from './symbol';

/** What a scan tests: every clean symbol, one sector, or a saved list. */
export const scanUniverseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('sector'), sector: z.string().trim().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('list'), symbols: z.array(symbolSchema).min(2).max(2000) }).strict(),
]);

/** A scan request as the renderer and the CLI send it; defaults are the documented ones. */
export const scanRequestSchema = z
  .object({
    universe: scanUniverseSchema.default({ kind: 'all' }),
    formation: z
      .object({ from: tradingDateSchema, to: tradingDateSchema })
      .strict()
      .refine((window) => window.from <= window.to, { message: 'formation.from must not be after formation.to', path: ['from'] }),
    transform: z.enum(['log', 'raw']).default('log'),
    basis: adjustmentBasisSchema.default('split'),
    fdr: z
      .object({ method: z.enum(['bh', 'bonferroni']).default('bh'), alpha: z.number().gt(0).lt(1).default(0.05) })
      .strict()
      .prefault({}),
    filters: z
      .object({
        minHistoryDays: z.number().int().min(30).max(20_000).optional(),
        minAvgDollarVolume: z.number().nonnegative().optional(),
        priceFloor: z.number().nonnegative().optional(),
        sameSectorOnly: z.boolean().default(false),
        minCorrelation: z.number().min(-1).max(1).optional(),
      })
      .strict()
      .prefault({}),
    overrideQualityGate: z.boolean().default(false),
    asOfDatasetId: z.number().int().positive().optional(),
  })
  .strict();
export type ScanRequest = z.output<typeof scanRequestSchema>;

export const excludedSymbolSchema = z.object({ symbol: z.string(), reason: z.string(), detail: z.string() });

export const scanRunSchema = z.object({
  id: z.number().int(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  request: scanRequestSchema,
  dataVersion: z.object({
    datasets: z.array(z.object({ id: z.number().int(), source: z.string(), version: z.number().int() })),
    closeMatrixSha256: z.string(),
  }),
  codeVersion: z.string(),
  universeSize: z.number().int(),
  excluded: z.array(excludedSymbolSchema),
  pairsTested: z.number().int(),
  pairsSignificant: z.number().int(),
  survivorshipWarning: z.string().nullable(),
});
export type ScanRunView = z.infer<typeof scanRunSchema>;

/** A number that may be infinite (a half-life of a spread that never reverts) on the JSON wire. */
export const wireNumberSchema = z.union([z.number(), z.literal('inf')]);

export const pairResultSchema = z.object({
  y: z.string(),
  x: z.string(),
  egStat: z.number().nullable(),
  egPvalue: z.number().nullable(),
  egPvalueReverse: z.number().nullable(),
  qvalue: z.number().nullable(),
  significant: z.boolean(),
  beta: z.number().nullable(),
  alpha: z.number().nullable(),
  halfLife: wireNumberSchema.nullable(),
  correlation: z.number().nullable(),
  hurst: z.number().nullable(),
  /** Johansen trace and max-eigenvalue statistics for rank 0 (survivors only). */
  johansenTrace: z.number().nullable(),
  johansenMaxEig: z.number().nullable(),
  nobs: z.number().int(),
  usedLag: z.number().int().nullable(),
  sectorY: z.string().nullable(),
  sectorX: z.string().nullable(),
  error: z.string().nullable(),
});
export type PairResultView = z.infer<typeof pairResultSchema>;

export const resultSortSchema = z.enum(['pvalue', 'qvalue', 'halfLife', 'hurst', 'beta', 'correlation', 'stat', 'y']);

export const watchlistEntrySchema = z.object({
  y: z.string(),
  x: z.string(),
  addedAt: z.number().int(),
  sourceRunId: z.number().int().nullable(),
  note: z.string().nullable(),
  health: z
    .object({
      date: tradingDateSchema,
      status: z.enum(['healthy', 'broken', 'unknown']),
      pvalue: z.number().nullable(),
      halfLife: wireNumberSchema.nullable(),
      beta: z.number().nullable(),
      reasons: z.array(z.string()),
    })
    .nullable(),
});
export type WatchlistEntry = z.infer<typeof watchlistEntrySchema>;
