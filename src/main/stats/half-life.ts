import { failure, firstNonFinite, isConstant, success, type StatsResult } from './stats-result';

/** Mean-reversion speed of a spread from Δs_t = a + b·s_{t−1} + ε. */
export interface HalfLifeResult {
  /** −ln 2 / b in observations (days); Infinity when b ≥ 0 (no reversion). */
  readonly halfLife: number;
  readonly a: number;
  readonly b: number;
  /** Observations of the regression: length − 1. */
  readonly nobs: number;
}

/** Half-life of mean reversion of `spread` (e.g. the Engle-Granger residuals y − α − β·x). */
export function halfLife(spread: Float64Array): StatsResult<HalfLifeResult> {
  const bad = firstNonFinite(spread);
  if (bad >= 0) return failure({ kind: 'non-finite', series: 'series', index: bad });
  const n = spread.length - 1;
  if (n < 3) return failure({ kind: 'too-short', nobs: spread.length, required: 4 });
  if (isConstant(spread.subarray(0, n))) return failure({ kind: 'constant-series', series: 'series' });
  let meanLevel = 0;
  let meanChange = 0;
  for (let t = 0; t < n; t += 1) {
    meanLevel += spread[t] as number;
    meanChange += (spread[t + 1] as number) - (spread[t] as number);
  }
  meanLevel /= n;
  meanChange /= n;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < n; t += 1) {
    const level = (spread[t] as number) - meanLevel;
    sxx += level * level;
    sxy += level * ((spread[t + 1] as number) - (spread[t] as number) - meanChange);
  }
  const b = sxy / sxx;
  const a = meanChange - b * meanLevel;
  return success({ halfLife: b < 0 ? -Math.LN2 / b : Number.POSITIVE_INFINITY, a, b, nobs: n });
}
