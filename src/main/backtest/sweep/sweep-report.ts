import { deflatedSharpeOfMoments, returnMoments, type DeflatedSharpe } from '../../stats/deflated-sharpe';
import type { PlannedWindow } from '../walk-forward/window-plan';
import type { SweepAssignment } from './sweep-space';
import type { SweepTrial, SweepTrialOk } from './sweep-run';

/**
 * What a sweep reports. The best configuration is the highest annualised Sharpe over the
 * whole period; its deflated Sharpe ratio (stats/deflated-sharpe.ts) uses the per-day Sharpe
 * of EVERY valid trial for the selection bias (N = the number of valid trials). Quantiles are
 * linear interpolation between order statistics (NumPy's default, type 7).
 *
 * With walk-forward windows the sweep is also scored out of sample: in each window the
 * configuration with the best Sharpe on the formation days' returns is chosen, and its
 * returns on that window's trading days are what counts; the chosen configurations' OOS
 * returns are stitched in window order. The spread of OOS results is the quantiles of every
 * configuration's Sharpe on the stitched trading days, and for each window the chosen
 * configuration's OOS rank among all (0 = worst, 1 = best; the share of windows where it
 * falls below the median estimates the probability of backtest overfitting).
 * Every configuration runs once over the whole period with fixed parameters, so its return
 * on a trading day depends only on data up to that day (the runner's no-look-ahead
 * property), and the choice uses only formation days: the trading-day returns are out of sample.
 */

export interface Quantiles {
  readonly p05: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export interface WindowChoice {
  readonly window: number;
  readonly chosen: number;
  readonly assignment: SweepAssignment;
  readonly inSampleSharpe: number;
  readonly outOfSampleSharpe: number;
  /** Among every valid configuration's Sharpe on the same trading days; 0 worst, 1 best. */
  readonly outOfSampleRank: number;
}

export interface OutOfSampleReport {
  readonly windows: readonly WindowChoice[];
  /** The chosen configurations' trading-day returns, stitched. */
  readonly days: Int32Array;
  readonly returns: Float64Array;
  readonly sharpe: number;
  readonly totalReturn: number;
  readonly sharpeQuantiles: Quantiles;
  readonly probabilityOfOverfitting: number;
}

export interface SweepReport {
  readonly configs: number;
  readonly valid: number;
  readonly invalid: readonly { readonly index: number; readonly error: string }[];
  readonly best: { readonly index: number; readonly assignment: SweepAssignment; readonly sharpe: number; readonly totalReturn: number; readonly maxDrawdown: number; readonly trades: number } | null;
  readonly deflated: Omit<DeflatedSharpe, 'selected'> | null;
  readonly sharpeQuantiles: Quantiles | null;
  readonly outOfSample: OutOfSampleReport | null;
}

const SQRT_252 = Math.sqrt(252);

export function quantiles(values: readonly number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    if (sorted.length === 0) return Number.NaN;
    const position = q * (sorted.length - 1);
    const low = Math.floor(position);
    const high = Math.min(sorted.length - 1, low + 1);
    return (sorted[low] as number) + (position - low) * ((sorted[high] as number) - (sorted[low] as number));
  };
  return { p05: at(0.05), p25: at(0.25), p50: at(0.5), p75: at(0.75), p95: at(0.95) };
}

export function summarizeSweep(trials: readonly SweepTrial[], windows?: readonly PlannedWindow[]): SweepReport {
  const ordered = [...trials].sort((a, b) => a.index - b.index);
  const valid = ordered.filter((trial): trial is SweepTrialOk => trial.ok);
  const invalid = ordered.flatMap((trial) => (trial.ok ? [] : [{ index: trial.index, error: trial.error }]));
  if (valid.length === 0) return { configs: ordered.length, valid: 0, invalid, best: null, deflated: null, sharpeQuantiles: null, outOfSample: null };
  // Ties go to the lower index, so the report is deterministic.
  let best = valid[0] as SweepTrialOk;
  for (const trial of valid) if (trial.sharpe > best.sharpe) best = trial;
  const { selected: _selected, ...deflated } = deflatedSharpeOfMoments(best.moments, valid.map((trial) => trial.moments.sharpe));
  return {
    configs: ordered.length,
    valid: valid.length,
    invalid,
    best: { index: best.index, assignment: best.assignment, sharpe: best.sharpe, totalReturn: best.totalReturn, maxDrawdown: best.maxDrawdown, trades: best.trades },
    deflated,
    sharpeQuantiles: quantiles(valid.map((trial) => trial.sharpe)),
    outOfSample: windows === undefined || windows.length === 0 ? null : outOfSample(valid, windows),
  };
}

/** Index of the first day ≥ `day` in ascending days. */
function firstAtOrAfter(days: Int32Array, day: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((days[middle] as number) < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The trial's returns on days in [from, to] (a view: days are ascending). */
function returnsBetween(trial: SweepTrialOk, from: number, to: number): Float64Array {
  return trial.returns.subarray(firstAtOrAfter(trial.days, from), firstAtOrAfter(trial.days, to + 1));
}

/** Annualised Sharpe of the returns on days in [from, to]; 0 when flat. */
function sharpeBetween(trial: SweepTrialOk, from: number, to: number): number {
  return returnMoments(returnsBetween(trial, from, to)).sharpe * SQRT_252;
}

function outOfSample(valid: readonly SweepTrialOk[], windows: readonly PlannedWindow[]): OutOfSampleReport {
  const choices: WindowChoice[] = [];
  const days: number[] = [];
  const returns: number[] = [];
  for (const window of windows) {
    let chosen = valid[0] as SweepTrialOk;
    let bestInSample = Number.NEGATIVE_INFINITY;
    for (const trial of valid) {
      const sharpe = sharpeBetween(trial, window.formationDays.from, window.formationDays.to);
      if (sharpe > bestInSample) {
        bestInSample = sharpe;
        chosen = trial;
      }
    }
    const oos = valid.map((trial) => sharpeBetween(trial, window.tradingDays.from, window.tradingDays.to));
    const chosenOos = oos[valid.indexOf(chosen)] as number;
    const below = oos.filter((value) => value < chosenOos).length;
    const equal = oos.filter((value) => value === chosenOos).length - 1;
    choices.push({
      window: window.index,
      chosen: chosen.index,
      assignment: chosen.assignment,
      inSampleSharpe: bestInSample,
      outOfSampleSharpe: chosenOos,
      outOfSampleRank: valid.length > 1 ? (below + equal / 2) / (valid.length - 1) : 0.5,
    });
    const first = firstAtOrAfter(chosen.days, window.tradingDays.from);
    const end = firstAtOrAfter(chosen.days, window.tradingDays.to + 1);
    for (let i = first; i < end; i++) {
      days.push(chosen.days[i] as number);
      returns.push(chosen.returns[i] as number);
    }
  }
  // Trading windows are disjoint and ascending, so their ranges concatenate in day order.
  const perConfig = valid.map((trial) => returnMoments(Float64Array.from(windows.flatMap((window) => [...returnsBetween(trial, window.tradingDays.from, window.tradingDays.to)]))).sharpe * SQRT_252);
  const totalReturn = returns.reduce((growth, r) => growth * (1 + r), 1) - 1;
  return {
    windows: choices,
    days: Int32Array.from(days),
    returns: Float64Array.from(returns),
    sharpe: returnMoments(returns).sharpe * SQRT_252,
    totalReturn,
    sharpeQuantiles: quantiles(perConfig),
    probabilityOfOverfitting: choices.filter((choice) => choice.outOfSampleRank < 0.5).length / choices.length,
  };
}
