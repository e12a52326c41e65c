import { z } from 'zod';
import { defineRequest } from '../define';
import { tradingDateSchema } from '../../domain/market-data';
import { backtestDataVersionSchema, backtestFillSchema, backtestRunStateSchema } from './backtest';

/**
 * The backtest area's research channels: parameter sweeps (with the deflated Sharpe) and
 * walk-forward validation, each a job with progress and cancel (job:progress / jobs:cancel),
 * stored with its config, spec, data version, code version and seed, and read back whole.
 * A statistic that is undefined (e.g. a Sharpe of a window nobody traded, a quantile of no
 * values) travels as null, never as NaN. Dates are YYYY-MM-DD. Add fields, never rename.
 */

const researchIdSchema = z.number().int().positive();
const maybeNumber = z.number().nullable();

export const researchKindSchema = z.enum(['sweep', 'walk_forward']);
export type ResearchKind = z.infer<typeof researchKindSchema>;

export const quantilesSchema = z.object({ p05: maybeNumber, p25: maybeNumber, p50: maybeNumber, p75: maybeNumber, p95: maybeNumber });

const assignmentSchema = z.record(z.string(), z.number());

/** One day of a stitched out-of-sample series: the day's return and the equity after it. */
export const stitchedDaySchema = z.object({ date: tradingDateSchema, return: z.number(), equity: z.number(), drawdown: z.number(), window: z.number().int() });

export const sweepTrialRowSchema = z.object({
  index: z.number().int(),
  assignment: assignmentSchema,
  ok: z.boolean(),
  sharpe: maybeNumber,
  totalReturn: maybeNumber,
  maxDrawdown: maybeNumber,
  trades: z.number().int().nullable(),
  error: z.string().nullable(),
});

export const sweepReportWireSchema = z.object({
  configs: z.number().int(),
  valid: z.number().int(),
  best: z.object({ index: z.number().int(), assignment: assignmentSchema, sharpe: z.number(), totalReturn: z.number(), maxDrawdown: z.number(), trades: z.number().int() }).nullable(),
  /** Bailey & López de Prado 2014; per-period Sharpe figures (stats/deflated-sharpe.ts). */
  deflated: z.object({ dsr: maybeNumber, expectedMaxSharpe: maybeNumber, trials: z.number().int(), trialSharpeVariance: maybeNumber }).nullable(),
  /** Of the valid configurations' annualised Sharpe ratios. */
  sharpeQuantiles: quantilesSchema.nullable(),
  trials: z.array(sweepTrialRowSchema),
  /** Present when the sweep was scored walk-forward (formation = in sample, trading = out of sample). */
  outOfSample: z
    .object({
      windows: z.array(
        z.object({
          window: z.number().int(),
          chosen: z.number().int(),
          assignment: assignmentSchema,
          inSampleSharpe: maybeNumber,
          outOfSampleSharpe: maybeNumber,
          outOfSampleRank: z.number(),
        }),
      ),
      equity: z.array(stitchedDaySchema),
      sharpe: maybeNumber,
      totalReturn: z.number(),
      sharpeQuantiles: quantilesSchema,
      probabilityOfOverfitting: z.number(),
    })
    .nullable(),
  warnings: z.array(z.string()),
});
export type SweepReportWire = z.infer<typeof sweepReportWireSchema>;

export const walkForwardWindowSchema = z.object({
  window: z.number().int(),
  formation: z.object({ from: tradingDateSchema, to: tradingDateSchema }),
  trading: z.object({ from: tradingDateSchema, to: tradingDateSchema }),
  pairs: z.array(z.object({ y: z.string(), x: z.string(), pValue: z.number(), beta: z.number(), halfLife: maybeNumber, correlation: maybeNumber })),
  assignment: assignmentSchema,
  inSampleSharpe: maybeNumber,
  candidatesTested: z.number().int(),
  configsTried: z.number().int(),
  outOfSample: z.object({ totalReturn: z.number(), sharpe: maybeNumber, trades: z.number().int(), fills: z.number().int() }),
  /** The window's out-of-sample fills (as backtest:get's), in order. */
  fills: z.array(backtestFillSchema),
});
export type WalkForwardWindowWire = z.infer<typeof walkForwardWindowSchema>;

export const walkForwardReportWireSchema = z.object({
  windows: z.array(walkForwardWindowSchema),
  /** The stitched out-of-sample equity (each window starts flat with the capital; returns chained). */
  equity: z.array(stitchedDaySchema),
  totalReturn: z.number(),
  sharpe: maybeNumber,
  maxDrawdown: z.number(),
  /** Spread of the windows' out-of-sample total returns. */
  windowReturnQuantiles: quantilesSchema,
  warnings: z.array(z.string()),
});
export type WalkForwardReportWire = z.infer<typeof walkForwardReportWireSchema>;

export const researchRunSummarySchema = z.object({
  id: z.number().int(),
  kind: researchKindSchema,
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  state: backtestRunStateSchema,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  seed: z.number().int(),
  codeVersion: z.string(),
  dataVersion: backtestDataVersionSchema.nullable(),
  /** Sweep: configs, best Sharpe, DSR; walk-forward: windows, OOS return and Sharpe. */
  headline: z.record(z.string(), z.number().nullable()).nullable(),
});
export type ResearchRunSummary = z.infer<typeof researchRunSummarySchema>;

export const researchRunDetailSchema = z.object({
  run: researchRunSummarySchema,
  config: z.record(z.string(), z.unknown()),
  spec: z.record(z.string(), z.unknown()),
  sweep: sweepReportWireSchema.nullable(),
  walkForward: walkForwardReportWireSchema.nullable(),
});
export type ResearchRunDetail = z.infer<typeof researchRunDetailSchema>;

const startedSchema = z.object({ jobId: z.string(), researchId: researchIdSchema });

export const backtestResearchRequests = {
  'backtest:sweep': defineRequest({
    doc: 'A parameter sweep of a backtest config (grid or seeded random over strategy./sizing. fields) as a job on the workers; optional walk-forward scoring by a window plan. Stored under researchId.',
    request: z.object({ config: z.record(z.string(), z.unknown()), sweep: z.record(z.string(), z.unknown()), windows: z.record(z.string(), z.unknown()).optional() }).strict(),
    response: startedSchema,
  }),
  'backtest:walk-forward': defineRequest({
    doc: 'A walk-forward validation (formation re-scan, top N pairs, in-sample grid, out-of-sample trading per window, stitched OOS equity) as a job. Stored under researchId.',
    request: z.object({ config: z.record(z.string(), z.unknown()), walkForward: z.record(z.string(), z.unknown()) }).strict(),
    response: startedSchema,
  }),
  'backtest:research-list': defineRequest({
    doc: 'Stored sweeps and walk-forward validations, newest first, with their headline numbers.',
    request: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    response: z.array(researchRunSummarySchema),
  }),
  'backtest:research-get': defineRequest({
    doc: 'One stored sweep or walk-forward: its config, spec and report (best config, deflated Sharpe, Sharpe quantiles, per-window OOS results and their spread, stitched OOS equity).',
    request: z.object({ researchId: researchIdSchema }).strict(),
    response: researchRunDetailSchema,
  }),
} as const;
