import { engleGranger, type EngleGrangerResult } from './engle-granger';
import { halfLife, type HalfLifeResult } from './half-life';
import { hurstExponent } from './hurst';
import { johansen, type JohansenResult } from './johansen';
import { pearson } from './correlation';
import { failure, success, type StatsResult } from './stats-result';

/**
 * Everything ArbDesk reports for one pair on one window, each part with its own outcome so a
 * window too short for Hurst still gets its Engle-Granger test. y and x are the series to
 * test (log or raw closes, as the caller's transform); the spread is y − α − β·x from the
 * Engle-Granger first stage (y on x).
 */
export interface PairDiagnostics {
  /** y on x, as statsmodels coint(y, x, trend='c', autolag='aic'). */
  readonly engleGranger: StatsResult<EngleGrangerResult>;
  /** x on y. */
  readonly reverse: StatsResult<EngleGrangerResult>;
  /** coint_johansen([y, x], det_order, k_ar_diff), default 0 and 1. */
  readonly johansen: StatsResult<JohansenResult>;
  /** Half-life of the y-on-x spread. */
  readonly halfLife: StatsResult<HalfLifeResult>;
  /** Hurst exponent of the y-on-x spread (needs ≥ 199 values). */
  readonly hurst: StatsResult<number>;
  /** Pearson correlation of the series' first differences (of log closes: log returns). */
  readonly differenceCorrelation: StatsResult<number>;
}

export interface PairDiagnosticsOptions {
  readonly johansenDetOrder?: -1 | 0 | 1;
  readonly johansenKArDiff?: number;
}

export function pairDiagnostics(y: Float64Array, x: Float64Array, options: PairDiagnosticsOptions = {}): PairDiagnostics {
  const forward = engleGranger(y, x);
  const reverse = engleGranger(x, y);
  const johansenResult = johansen([y, x], options.johansenDetOrder ?? 0, options.johansenKArDiff ?? 1);
  let spreadHalfLife: StatsResult<HalfLifeResult>;
  let hurst: StatsResult<number>;
  if (forward.ok) {
    const { alpha, beta } = forward.value;
    const spread = y.map((value, index) => value - alpha - beta * (x[index] as number));
    spreadHalfLife = halfLife(spread);
    hurst = hurstExponent(spread);
  } else {
    spreadHalfLife = failure(forward.reason);
    hurst = failure(forward.reason);
  }
  let differenceCorrelation: StatsResult<number>;
  if (!forward.ok && (forward.reason.kind === 'non-finite' || forward.reason.kind === 'length-mismatch')) {
    differenceCorrelation = failure(forward.reason);
  } else {
    const dy = y.subarray(1).map((value, index) => value - (y[index] as number));
    const dx = x.subarray(1).map((value, index) => value - (x[index] as number));
    const value = pearson(dy, dx);
    differenceCorrelation = Number.isNaN(value) ? failure({ kind: 'constant-series', series: 'series' }) : success(value);
  }
  return { engleGranger: forward, reverse, johansen: johansenResult, halfLife: spreadHalfLife, hurst, differenceCorrelation };
}
