import { z } from 'zod';
import { defineRequest } from '../define';
import { tradingDateSchema } from '../../domain/market-data';
import { wireNumberSchema } from '../../domain/scanner';

/**
 * The backtest area's contract: run (as a job), list, one run's tear sheet, export, delete.
 * Every number a backtest produces is finite except the profit factor (no losing trade), which
 * travels as 'inf' like the scanner's half-life. Dates are YYYY-MM-DD (New York trading days).
 * The Backtest page is built against these shapes: add fields, never rename.
 */

const runIdSchema = z.number().int().positive();

export const backtestRunStateSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);

/** The input data a run read: the datasets behind its symbols and a hash of the exact inputs. */
export const backtestDataVersionSchema = z.object({
  datasets: z.array(z.object({ id: z.number().int(), source: z.string(), version: z.number().int() })),
  /** sha-256 of the bars, actions and basis the engine received (hex). */
  inputsSha256: z.string(),
});

/** The headline numbers the run list shows (a subset of the metrics). */
export const backtestHeadlineSchema = z.object({
  totalReturn: z.number(),
  cagr: z.number(),
  sharpe: z.number(),
  maxDrawdown: z.number(),
  trades: z.number().int(),
  finalEquity: z.number(),
});

/** One stored run as the list shows it. */
export const backtestRunSummarySchema = z.object({
  id: z.number().int(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  state: backtestRunStateSchema,
  /** Why a failed run failed (code and message), null otherwise. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  pairs: z.array(z.object({ y: z.string(), x: z.string() })),
  from: tradingDateSchema,
  to: tradingDateSchema,
  strategyKind: z.string(),
  capital: z.number(),
  fill: z.string(),
  costsMode: z.enum(['none', 'model']),
  seed: z.number().int(),
  codeVersion: z.string(),
  dataVersion: backtestDataVersionSchema.nullable(),
  headline: backtestHeadlineSchema.nullable(),
});
export type BacktestRunSummary = z.infer<typeof backtestRunSummarySchema>;

/** summary.json's metrics: annualised with √252, rf from the config (0 by default). */
export const backtestMetricsSchema = z.object({
  totalReturn: z.number(),
  cagr: z.number(),
  volatility: z.number(),
  sharpe: z.number(),
  sortino: z.number(),
  calmar: z.number(),
  maxDrawdown: z.number(),
  maxDrawdownDuration: z.number().int(),
  var95: z.number(),
  cvar95: z.number(),
  var99: z.number(),
  cvar99: z.number(),
  hitRate: z.number(),
  profitFactor: wireNumberSchema,
  averageTrade: z.number(),
  trades: z.number().int(),
  turnover: z.number(),
  exposure: z.number(),
  days: z.number().int(),
  betaToUniverse: z.number(),
  riskFreeRate: z.number(),
  finalEquity: z.number(),
});
export type BacktestMetrics = z.infer<typeof backtestMetricsSchema>;

export const costsByKindSchema = z.object({
  commission: z.number(),
  secFee: z.number(),
  finraTaf: z.number(),
  slippage: z.number(),
  impact: z.number(),
});

export const accrualsByKindSchema = z.object({
  borrow_fee: z.number(),
  margin_interest: z.number(),
  short_rebate: z.number(),
  dividend: z.number(),
});

/** One row of equity.csv, plus the drawdown from the running peak (a fraction ≥ 0). */
export const backtestEquityRowSchema = z.object({
  date: tradingDateSchema,
  cash: z.number(),
  marketValue: z.number(),
  equity: z.number(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  /** Cumulative costs and accruals since the start. */
  costs: z.number(),
  accruals: z.number(),
  drawdown: z.number(),
});
export type BacktestEquityRow = z.infer<typeof backtestEquityRowSchema>;

/** Compounded return of each calendar month of the trading period (the heatmap). */
export const monthlyReturnSchema = z.object({ year: z.number().int(), month: z.number().int().min(1).max(12), return: z.number() });

export const orderSideSchema = z.enum(['BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER']);

/** One row of fills.csv. `price` is on the stored basis before costs; costs are dollars. */
export const backtestFillSchema = z.object({
  pairId: z.string(),
  leg: z.enum(['y', 'x']),
  signalDate: tradingDateSchema,
  fillDate: tradingDateSchema,
  symbol: z.string(),
  side: orderSideSchema,
  quantity: z.number(),
  price: z.number(),
  tradedPrice: z.number(),
  tradedQuantity: z.number(),
  commission: z.number(),
  secFee: z.number(),
  finraTaf: z.number(),
  slippage: z.number(),
  impact: z.number(),
});
export type BacktestFill = z.infer<typeof backtestFillSchema>;

/** One row of accruals.csv: a signed daily amount (negative is paid). */
export const backtestAccrualSchema = z.object({
  date: tradingDateSchema,
  kind: z.enum(['borrow_fee', 'margin_interest', 'short_rebate', 'dividend']),
  /** Empty for account-level accruals (margin interest). */
  pairId: z.string(),
  symbol: z.string(),
  amount: z.number(),
});

/** One round trip (trades.csv). Quantities are signed shares at entry; costs positive. */
export const backtestTradeSchema = z.object({
  pairId: z.string(),
  y: z.string(),
  x: z.string(),
  direction: z.enum(['long', 'short']),
  entryDate: tradingDateSchema,
  /** Null for a position still open at `to` (marked to market, exit reason open_at_end). */
  exitDate: tradingDateSchema.nullable(),
  quantityY: z.number(),
  quantityX: z.number(),
  grossPnl: z.number(),
  costs: z.number(),
  accruals: z.number(),
  netPnl: z.number(),
  exitReason: z.string(),
});
export type BacktestTrade = z.infer<typeof backtestTradeSchema>;

/** A trade marker on the spread chart: on the decision's close, with the z it saw. */
export const tradeMarkerSchema = z.object({
  date: tradingDateSchema,
  kind: z.enum(['entry', 'exit']),
  direction: z.enum(['long', 'short']),
  /** entry_long / entry_short, or the exit reason (exit, stop, pnl_stop, …, open_at_end). */
  reason: z.string(),
  z: z.number().nullable(),
});

/** Per-pair results and the spread's z-score as the strategy saw it each trading day. */
export const backtestPairSchema = z.object({
  pairId: z.string(),
  y: z.string(),
  x: z.string(),
  trades: z.number().int(),
  grossPnl: z.number(),
  costs: z.number(),
  /** Borrow fees paid (positive). */
  borrowFees: z.number(),
  netPnl: z.number(),
  /** The gross edge does not cover the borrow paid: the tear sheet flags it. */
  edgeBelowBorrow: z.boolean(),
  /** Days of the trading period and the z-score at each close (null while warming up / missing). */
  dates: z.array(tradingDateSchema),
  z: z.array(z.number().nullable()),
  markers: z.array(tradeMarkerSchema),
});
export type BacktestPair = z.infer<typeof backtestPairSchema>;

export const runEventSchema = z.object({ date: tradingDateSchema, kind: z.string(), pairId: z.string(), detail: z.string() });

/** The tear sheet of one run: everything the Backtest page and the exports show. */
export const backtestReportSchema = z.object({
  metrics: backtestMetricsSchema,
  costsByKind: costsByKindSchema,
  accrualsByKind: accrualsByKindSchema,
  equity: z.array(backtestEquityRowSchema),
  monthlyReturns: z.array(monthlyReturnSchema),
  trades: z.array(backtestTradeSchema),
  fills: z.array(backtestFillSchema),
  accruals: z.array(backtestAccrualSchema),
  pairs: z.array(backtestPairSchema),
  warnings: z.array(z.string()),
  /** Every decision and no-decision of every pair-day, counted by reason (audit 6.1). */
  decisionCounts: z.record(z.string(), z.number().int()),
  noDecisionCounts: z.record(z.string(), z.number().int()),
  /** Leg-risk, margin-call, risk-denial, buy-in and missing-leg events. */
  events: z.array(runEventSchema),
});
export type BacktestReport = z.infer<typeof backtestReportSchema>;

export const backtestRunDetailSchema = z.object({
  run: backtestRunSummarySchema,
  /** The validated config with every default filled in (what the run used). */
  config: z.record(z.string(), z.unknown()),
  /** Null while the run is running, or when it failed or was cancelled. */
  report: backtestReportSchema.nullable(),
});
export type BacktestRunDetail = z.infer<typeof backtestRunDetailSchema>;

export const backtestCsvFileSchema = z.enum(['fills.csv', 'accruals.csv', 'equity.csv', 'trades.csv']);
export type BacktestCsvFile = z.infer<typeof backtestCsvFileSchema>;

export const backtestRequests = {
  'backtest:run': defineRequest({
    doc: 'Validates a backtest config (the CLI\'s JSON) and runs it as a job on the workers; progress and cancel via job:progress / jobs:cancel, the run is stored under runId.',
    // The config is validated in main (backtest-config.ts) so every refusal names its field.
    request: z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
    response: z.object({ jobId: z.string(), runId: runIdSchema }),
  }),
  'backtest:list': defineRequest({
    doc: 'Stored backtest runs, newest first, with their pairs, window, strategy kind and headline metrics.',
    request: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    response: z.array(backtestRunSummarySchema),
  }),
  'backtest:get': defineRequest({
    doc: 'One stored run: its config and tear sheet (metrics, equity and drawdown, monthly returns, trades, fills, costs, per-pair z-series and markers, warnings).',
    request: z.object({ runId: runIdSchema }).strict(),
    response: backtestRunDetailSchema,
  }),
  'backtest:export': defineRequest({
    doc: 'One output file of a stored run: a CSV of the set (fills, accruals, equity, trades), summary.json, or the self-contained report.html; the same bytes the CLI writes.',
    request: z
      .object({ runId: runIdSchema, format: z.enum(['csv', 'json', 'html']), file: backtestCsvFileSchema.default('equity.csv') })
      .strict(),
    response: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  }),
  'backtest:delete': defineRequest({
    doc: 'Deletes a stored run (not a running one); returns the remaining runs like backtest:list.',
    request: z.object({ runId: runIdSchema }).strict(),
    response: z.array(backtestRunSummarySchema),
  }),
} as const;
