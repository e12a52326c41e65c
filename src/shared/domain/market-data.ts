import { z } from 'zod';

/** A trading date on the wire: ISO `YYYY-MM-DD` (a date, not an instant; no time zone applies). */
export const tradingDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Whether a dataset's prices are as traded, back-adjusted for splits, or for splits and dividends. */
export const adjustmentBasisSchema = z.enum(['raw', 'split', 'split_dividend']);
export type AdjustmentBasis = z.infer<typeof adjustmentBasisSchema>;

export const issueSeveritySchema = z.enum(['error', 'warning', 'info']);
export type IssueSeverity = z.infer<typeof issueSeveritySchema>;

/**
 * Every kind of problem validation can find. `error` kinds reject the row; the others keep
 * the row and flag it so the trader sees it on the chart.
 */
export const dataIssueKinds = [
  'missing_field',
  'bad_number',
  'bad_date',
  'mixed_date_formats',
  'bad_symbol',
  'non_positive_price',
  'ohlc_inconsistent',
  'negative_volume',
  'fractional_volume',
  'duplicate_conflict',
  'duplicate_identical',
  'future_date',
  'non_trading_day',
  'missing_trading_day',
  'stale_series',
  'return_outlier',
  'split_suspected',
  'source_mismatch',
  'bar_revised',
  'file_skipped',
  'file_unreadable',
  'bad_value',
  /** Another source's stored bars disagree: this import's bars for the symbol are held. */
  'source_conflict',
  /** The file's basis differs from the series'; its bars were converted with the corporate actions. */
  'basis_converted',
  /** The file's basis differs from the series' and cannot be converted; the symbol was not imported. */
  'basis_refused',
] as const;
export const dataIssueKindSchema = z.enum(dataIssueKinds);
export type DataIssueKind = z.infer<typeof dataIssueKindSchema>;

export const dataIssueSchema = z.object({
  datasetId: z.number().int().nullable(),
  symbol: z.string().nullable(),
  date: tradingDateSchema.nullable(),
  kind: dataIssueKindSchema,
  severity: issueSeveritySchema,
  detail: z.string(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  field: z.string().nullable(),
});
export type DataIssue = z.infer<typeof dataIssueSchema>;

export const instrumentSchema = z.object({
  symbol: z.string(),
  name: z.string().nullable(),
  sector: z.string().nullable(),
  exchange: z.string().nullable(),
  firstDate: tradingDateSchema.nullable(),
  lastDate: tradingDateSchema.nullable(),
  barCount: z.number().int().nonnegative(),
  issueCount: z.number().int().nonnegative(),
  /** The one price basis of the stored series; null while it has no bars. */
  basis: adjustmentBasisSchema.nullable(),
});
export type Instrument = z.infer<typeof instrumentSchema>;

export const barSchema = z.object({
  date: tradingDateSchema,
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
});
export type Bar = z.infer<typeof barSchema>;

export const datasetSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  /** 1 for the first import of a source; each import that changes bars adds one. */
  version: z.number().int().positive(),
  sha256: z.string(),
  format: z.string(),
  adjustment: adjustmentBasisSchema,
  importedAt: z.number().int(),
  policy: z.enum(['strict', 'lenient']),
  rowsRead: z.number().int().nonnegative(),
  rowsAccepted: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
  barsInserted: z.number().int().nonnegative(),
  barsChanged: z.number().int().nonnegative(),
  barsUnchanged: z.number().int().nonnegative(),
  symbolCount: z.number().int().nonnegative(),
  firstDate: tradingDateSchema.nullable(),
  lastDate: tradingDateSchema.nullable(),
  /** Count of issues by kind. */
  issueSummary: z.record(z.string(), z.number().int()),
  /** Set on a version made by resolving a held conflict: the import whose conflict it settled. */
  resolvesDatasetId: z.number().int().nullable(),
});
export type Dataset = z.infer<typeof datasetSchema>;

/** A split or cash dividend on its ex-date; `source` says whether a file said so or prices suggested it. */
export const corporateActionSchema = z.object({
  date: tradingDateSchema,
  kind: z.enum(['split', 'dividend']),
  /** Splits: `N:D` (7:1 multiplies the share count by 7). */
  ratio: z.string().nullable(),
  /** Dividends: cash per share as traded on the ex-date. */
  cashAmount: z.number().nullable(),
  source: z.enum(['imported', 'inferred']),
});
export type CorporateActionView = z.infer<typeof corporateActionSchema>;

/**
 * Why another source's bars disagree with the stored series: one scale matching a split
 * ratio over a block of days up to a date (a basis or split mismatch), or anything else.
 */
export const conflictClassificationSchema = z.enum(['basis_mismatch', 'corrupt_rows']);
export type ConflictClassification = z.infer<typeof conflictClassificationSchema>;

/** `held` waits for the user; `kept` and `taken` were resolved; `superseded` by a newer import of the source. */
export const conflictStatusSchema = z.enum(['held', 'kept', 'taken', 'superseded']);
export type ConflictStatus = z.infer<typeof conflictStatusSchema>;

const conflictBarValuesSchema = z.object({ open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() });

/** One import's bars for one symbol, held because they disagree with another source's stored bars. */
export const conflictSchema = z.object({
  datasetId: z.number().int(),
  source: z.string(),
  version: z.number().int().positive(),
  symbol: z.string(),
  basis: adjustmentBasisSchema,
  status: conflictStatusSchema,
  classification: conflictClassificationSchema,
  /** incoming / existing when constant (7 for a raw file over a 7:1 split-adjusted series, 0.5 …). */
  factor: z.number().nullable(),
  overlapDays: z.number().int().nonnegative(),
  differingDays: z.number().int().positive(),
  barCount: z.number().int().positive(),
  firstDate: tradingDateSchema,
  lastDate: tradingDateSchema,
  detail: z.string(),
  resolvedByDatasetId: z.number().int().nullable(),
  /** A few differing days, existing against incoming. */
  sample: z.array(z.object({ date: tradingDateSchema, existing: conflictBarValuesSchema, incoming: conflictBarValuesSchema })),
});
export type Conflict = z.infer<typeof conflictSchema>;
