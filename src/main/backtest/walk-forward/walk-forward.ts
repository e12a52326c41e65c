import { z } from 'zod';
import { AppError, isAppError } from '../../../shared/ipc/errors';
import type { OhlcvColumns } from '../../core/market/series';
import type { EpochDay } from '../../core/time/epoch-day';
import { formatIsoDate } from '../../core/time/epoch-day';
import { symbolSchema } from '../../../shared/domain/symbol';
import { returnMoments } from '../../stats/deflated-sharpe';
import type { Fill } from '../../engine/domain';
import type { BacktestData } from '../aligned-market';
import { parseBacktestConfig } from '../backtest-config';
import { runBacktest, type RunOptions } from '../backtest-runner';
import { quantiles, type Quantiles } from '../sweep/sweep-report';
import { applyAssignment, expandSweep, sweepSpecSchema, type SweepAssignment } from '../sweep/sweep-space';
import { formationScan, lowerBound, type FormationScan, type RankedPair } from './formation-scan';
import { planWindows, windowPlanSchema, type PlannedWindow } from './window-plan';

/**
 * Walk-forward validation (docs/backtest.md, "Walk-forward"). For each planned window:
 *   1. formation: re-scan the universe with the scanner's statistics on the formation days
 *      only and keep the top N pairs (formation-scan.ts);
 *   2. in-sample optimisation: every configuration of the optional grid runs the chosen pairs
 *      over the formation days, on data cut at the formation's last day; the highest Sharpe
 *      wins (ties → the earlier configuration);
 *   3. out of sample: the chosen pairs with the chosen parameters trade the trading days
 *      (after the purge), on data cut at the trading window's last day. Bars before a run's
 *      `from` only warm up the indicators; positions open at a window's end are marked to
 *      market there, and each window starts flat with the configured capital.
 * The stitched OOS series chains each window's daily returns (the first of a window against
 * the capital); its equity is capital × Π(1 + r). Selection reads nothing after the formation
 * end by construction (its data is cut there), which a poisoning test checks.
 */

export const walkForwardSchema = z.object({
  plan: windowPlanSchema.prefault({}),
  /** Candidate symbols the formation step scans (at least two). */
  universe: z.array(symbolSchema).min(2, { message: 'must list at least two symbols' }),
  topN: z.number().int().positive().default(5),
  maxPValue: z.number().gt(0).max(1).default(0.05),
  minHalfLife: z.number().nonnegative().default(1),
  maxHalfLife: z.number().positive().default(126),
  /** Strategy/sizing parameters optimised in sample; absent = the base config's values. */
  grid: sweepSpecSchema.optional(),
});

export type WalkForwardSpecInput = z.input<typeof walkForwardSchema>;
export type WalkForwardSpec = z.output<typeof walkForwardSchema>;

export function parseWalkForwardSpec(input: unknown): WalkForwardSpec {
  const parsed = walkForwardSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: ['walkForward', ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new AppError('CONFIG_INVALID', `Invalid walk-forward spec: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, { fields: issues.map((issue) => issue.path), issues });
  }
  return parsed.data;
}

export interface WindowSelection {
  readonly scan: FormationScan;
  readonly assignment: SweepAssignment;
  /** The winning configuration's Sharpe on the formation days (NaN without pairs). */
  readonly inSampleSharpe: number;
  readonly configsTried: number;
  readonly configsInvalid: number;
}

export interface WindowReport {
  readonly window: number;
  readonly formation: { readonly from: string; readonly to: string };
  readonly trading: { readonly from: string; readonly to: string };
  readonly pairs: readonly RankedPair[];
  readonly assignment: SweepAssignment;
  readonly inSampleSharpe: number;
  readonly candidatesTested: number;
  readonly configsTried: number;
  readonly outOfSample: { readonly totalReturn: number; readonly sharpe: number; readonly trades: number; readonly fills: number };
  /** The window's out-of-sample fills, in order (stitched into the CLI's fills.csv). */
  readonly outOfSampleFills: readonly Fill[];
}

export interface WalkForwardReport {
  readonly windows: readonly WindowReport[];
  readonly days: Int32Array;
  readonly returns: Float64Array;
  /** capital × Π(1 + r) after each stitched day. */
  readonly equity: Float64Array;
  readonly totalReturn: number;
  /** Annualised (√252). */
  readonly sharpe: number;
  readonly maxDrawdown: number;
  /** Spread of the windows' OOS total returns. */
  readonly windowReturnQuantiles: Quantiles;
}

export interface WalkForwardOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  readonly runOptions?: RunOptions;
}

/** Each symbol's bars up to and including `to` (views, no copy). */
export function cutAt(bars: ReadonlyMap<string, OhlcvColumns>, to: EpochDay): Map<string, OhlcvColumns> {
  const out = new Map<string, OhlcvColumns>();
  for (const [symbol, series] of bars) {
    const end = lowerBound(series.days, to + 1);
    out.set(symbol, {
      days: series.days.subarray(0, end),
      open: series.open.subarray(0, end),
      high: series.high.subarray(0, end),
      low: series.low.subarray(0, end),
      close: series.close.subarray(0, end),
      volume: series.volume.subarray(0, end),
    });
  }
  return out;
}

/** The walk-forward calendar: the union of the universe's trading days. */
export function walkForwardCalendar(bars: ReadonlyMap<string, OhlcvColumns>, universe: readonly string[]): Int32Array {
  const days = new Set<number>();
  for (const symbol of universe) for (const day of bars.get(symbol)?.days ?? []) days.add(day);
  return Int32Array.from([...days].sort((a, b) => a - b));
}

/** Steps 1 and 2 of a window: reads only data up to the formation's last day. */
export function selectForWindow(base: Readonly<Record<string, unknown>>, spec: WalkForwardSpec, window: PlannedWindow, data: BacktestData, options: WalkForwardOptions = {}): WindowSelection {
  const bars = cutAt(data.bars, window.formationDays.to);
  const scan = formationScan(bars, spec.universe, window.formationDays.from, window.formationDays.to, spec);
  const assignments = spec.grid === undefined ? [{}] : expandSweep(spec.grid);
  if (scan.chosen.length === 0) return { scan, assignment: assignments[0] ?? {}, inSampleSharpe: Number.NaN, configsTried: 0, configsInvalid: 0 };
  const inSample = { ...base, pairs: scan.chosen.map(({ y, x }) => ({ y, x })), from: formatIsoDate(window.formationDays.from), to: formatIsoDate(window.formationDays.to) };
  const cutData: BacktestData = { ...data, bars };
  let best: { assignment: SweepAssignment; sharpe: number } | undefined;
  let invalid = 0;
  for (const assignment of assignments) {
    if (options.signal?.aborted === true) throw options.signal.reason;
    let config;
    try {
      config = parseBacktestConfig(applyAssignment(inSample, assignment));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'CONFIG_INVALID') throw error;
      invalid++;
      continue;
    }
    const sharpe = runBacktest(config, cutData, options.runOptions).metrics.sharpe;
    if (best === undefined || sharpe > best.sharpe) best = { assignment, sharpe };
  }
  if (best === undefined) throw new AppError('CONFIG_INVALID', `walkForward.grid: none of its ${assignments.length} configurations is a valid config`, { field: 'walkForward.grid' });
  return { scan, assignment: best.assignment, inSampleSharpe: best.sharpe, configsTried: assignments.length - invalid, configsInvalid: invalid };
}

export function runWalkForward(base: Readonly<Record<string, unknown>>, spec: WalkForwardSpec, data: BacktestData, options: WalkForwardOptions = {}): WalkForwardReport {
  const capital = parseBacktestConfig(base).capital;
  const windows = planWindows(walkForwardCalendar(data.bars, spec.universe), spec.plan);
  const reports: WindowReport[] = [];
  const days: number[] = [];
  const returns: number[] = [];
  windows.forEach((window, w) => {
    const selection = selectForWindow(base, spec, window, data, options);
    const trading = { from: formatIsoDate(window.tradingDays.from), to: formatIsoDate(window.tradingDays.to) };
    let outOfSample = { totalReturn: 0, sharpe: 0, trades: 0, fills: 0 };
    let outOfSampleFills: readonly Fill[] = [];
    const windowReturns: number[] = [];
    if (selection.scan.chosen.length > 0) {
      const config = parseBacktestConfig(applyAssignment({ ...base, pairs: selection.scan.chosen.map(({ y, x }) => ({ y, x })), ...trading }, selection.assignment));
      const result = runBacktest(config, { ...data, bars: cutAt(data.bars, window.tradingDays.to) }, options.runOptions);
      let previous = config.capital;
      for (const row of result.equity) {
        windowReturns.push(row.equity / previous - 1);
        days.push(row.day);
        previous = row.equity;
      }
      outOfSample = { totalReturn: result.metrics.totalReturn, sharpe: result.metrics.sharpe, trades: result.metrics.trades, fills: result.fills.length };
      outOfSampleFills = result.fills;
    } else {
      // No pair passed the formation: the window is flat, its trading days return 0.
      const calendar = walkForwardCalendar(data.bars, spec.universe);
      for (let i = window.trading.start; i <= window.trading.end; i++) {
        days.push(calendar[i] as number);
        windowReturns.push(0);
      }
    }
    returns.push(...windowReturns);
    reports.push({
      window: window.index,
      formation: { from: formatIsoDate(window.formationDays.from), to: formatIsoDate(window.formationDays.to) },
      trading,
      pairs: selection.scan.chosen,
      assignment: selection.assignment,
      inSampleSharpe: selection.inSampleSharpe,
      candidatesTested: selection.scan.tested,
      configsTried: selection.configsTried,
      outOfSample,
      outOfSampleFills,
    });
    options.onProgress?.(w + 1, windows.length);
  });
  const equity = new Float64Array(returns.length);
  let level = capital;
  let peak = capital;
  let maxDrawdown = 0;
  returns.forEach((r, i) => {
    level *= 1 + r;
    equity[i] = level;
    peak = Math.max(peak, level);
    maxDrawdown = Math.max(maxDrawdown, 1 - level / peak);
  });
  return {
    windows: reports,
    days: Int32Array.from(days),
    returns: Float64Array.from(returns),
    equity,
    totalReturn: level / capital - 1,
    sharpe: returnMoments(returns).sharpe * Math.sqrt(252),
    maxDrawdown,
    windowReturnQuantiles: quantiles(reports.map((report) => report.outOfSample.totalReturn)),
  };
}
