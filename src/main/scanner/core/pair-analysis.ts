import { returnCorrelation } from '../../stats/correlation';
import { engleGranger, type EngleGrangerResult } from '../../stats/engle-granger';
import { halfLife } from '../../stats/half-life';
import { hurstExponent } from '../../stats/hurst';
import { johansen } from '../../stats/johansen';
import { kalmanHedge } from '../../stats/kalman-hedge';
import { rollingOls } from '../../stats/rolling-ols';
import { failure, success, type StatsResult } from '../../stats/stats-result';
import type { PriceTransform } from './scan-types';

/**
 * One pair's full statistics on its window, for `arbdesk coint`, the pair view and the
 * health monitor. Pure: the caller hands it the two close series already aligned on their
 * common days inside the window, so nothing outside the window can enter.
 */

/** Log closes (the default) or the closes themselves. Log needs positive prices. */
export function transformCloses(closes: Float64Array, transform: PriceTransform, role: 'y' | 'x'): StatsResult<Float64Array> {
  if (transform === 'raw') return success(closes);
  const out = new Float64Array(closes.length);
  for (let t = 0; t < closes.length; t += 1) {
    const close = closes[t] as number;
    if (!(close > 0)) return Number.isNaN(close) ? failure({ kind: 'non-finite', series: role, index: t }) : failure({ kind: 'non-positive-price', series: role, index: t });
    out[t] = Math.log(close);
  }
  return success(out);
}

export interface CointStats {
  readonly nobs: number;
  readonly eg: EngleGrangerResult;
  /** Johansen trace / max-eigenvalue statistics for r = 0, 1 (det_order 0, k_ar_diff 1). */
  readonly johansenTrace: readonly [number, number];
  readonly johansenMaxEig: readonly [number, number];
  readonly johansenTraceCritical95: readonly [number, number];
  readonly johansenMaxEigCritical95: readonly [number, number];
  /** Days; Infinity when b ≥ 0. */
  readonly halfLife: number;
  /** Of the spread y − α − β·x; null when the window is too short for lags 2–99. */
  readonly hurst: number | null;
  /** Of the spread, on the formation fit. */
  readonly spread: Float64Array;
}

/** Engle-Granger of y on x, Johansen of [y, x], half-life and Hurst of the spread. */
export function cointStats(y: Float64Array, x: Float64Array): StatsResult<CointStats> {
  const eg = engleGranger(y, x);
  if (!eg.ok) return eg;
  const jo = johansen([y, x], 0, 1);
  if (!jo.ok) return jo;
  const spread = new Float64Array(y.length);
  for (let t = 0; t < y.length; t += 1) spread[t] = (y[t] as number) - eg.value.alpha - eg.value.beta * (x[t] as number);
  const life = halfLife(spread);
  if (!life.ok) return life;
  const hurst = hurstExponent(spread);
  const j = jo.value;
  return success({
    nobs: y.length,
    eg: eg.value,
    johansenTrace: [j.traceStatistic[0] as number, j.traceStatistic[1] as number],
    johansenMaxEig: [j.maxEigenStatistic[0] as number, j.maxEigenStatistic[1] as number],
    johansenTraceCritical95: [j.traceCritical[0]?.[1] ?? Number.NaN, j.traceCritical[1]?.[1] ?? Number.NaN],
    johansenMaxEigCritical95: [j.maxEigenCritical[0]?.[1] ?? Number.NaN, j.maxEigenCritical[1]?.[1] ?? Number.NaN],
    halfLife: life.value.halfLife,
    hurst: hurst.ok ? hurst.value : null,
    spread,
  });
}

export interface PairCharts {
  readonly stats: CointStats;
  /** Spread z-score against its own formation mean and standard deviation. */
  readonly zscore: Float64Array;
  readonly rollingBeta: Float64Array;
  readonly kalmanBeta: Float64Array;
  readonly correlation: number | null;
}

export interface PairChartOptions {
  readonly rollingWindow: number;
  readonly kalman: { readonly delta: number; readonly observationVariance: number };
}

/** Everything the pair view draws: the statistics plus the hedge-ratio paths. */
export function pairCharts(y: Float64Array, x: Float64Array, closesY: Float64Array, closesX: Float64Array, options: PairChartOptions): StatsResult<PairCharts> {
  const stats = cointStats(y, x);
  if (!stats.ok) return stats;
  const spread = stats.value.spread;
  let mean = 0;
  for (const value of spread) mean += value;
  mean /= spread.length;
  let variance = 0;
  for (const value of spread) variance += (value - mean) ** 2;
  const std = Math.sqrt(variance / Math.max(1, spread.length - 1));
  const zscore = spread.map((value) => (value - mean) / std);
  const window = Math.min(options.rollingWindow, y.length);
  const rolling = window >= 3 ? rollingOls(y, x, window) : null;
  const kalman = kalmanHedge(y, x, { ...options.kalman, initialBeta: stats.value.eg.beta, initialAlpha: stats.value.eg.alpha });
  const correlation = returnCorrelation(closesY, closesX);
  return success({
    stats: stats.value,
    zscore,
    rollingBeta: rolling?.ok === true ? rolling.value.beta : new Float64Array(y.length).fill(Number.NaN),
    kalmanBeta: kalman.ok ? kalman.value.beta : new Float64Array(y.length).fill(Number.NaN),
    correlation: correlation.ok ? correlation.value : null,
  });
}
