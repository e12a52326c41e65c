import { failure, firstNonFinite, isConstant, success, type StatsResult } from './stats-result';

export const HURST_MIN_LAG = 2;
export const HURST_MAX_LAG = 99;

/**
 * Hurst exponent by the lag-variance estimator: the least-squares slope of ln σ(τ) against
 * ln τ for τ = 2..99, where σ(τ) is the population standard deviation (ddof 0, as numpy's
 * std) of the τ-step differences x_{t+τ} − x_t. A random walk gives about 0.5, a
 * mean-reverting series less, a trending one more. Needs more than 2·99 values so the
 * longest lag still has as many differences as lags.
 */
export function hurstExponent(series: Float64Array, minLag = HURST_MIN_LAG, maxLag = HURST_MAX_LAG): StatsResult<number> {
  const bad = firstNonFinite(series);
  if (bad >= 0) return failure({ kind: 'non-finite', series: 'series', index: bad });
  const required = 2 * maxLag + 1;
  if (series.length < required) return failure({ kind: 'too-short', nobs: series.length, required });
  if (isConstant(series)) return failure({ kind: 'constant-series', series: 'series' });
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumXY = 0;
  let count = 0;
  for (let lag = minLag; lag <= maxLag; lag += 1) {
    const m = series.length - lag;
    let mean = 0;
    for (let t = 0; t < m; t += 1) mean += (series[t + lag] as number) - (series[t] as number);
    mean /= m;
    let variance = 0;
    for (let t = 0; t < m; t += 1) {
      const deviation = (series[t + lag] as number) - (series[t] as number) - mean;
      variance += deviation * deviation;
    }
    const std = Math.sqrt(variance / m);
    if (!(std > 0)) return failure({ kind: 'constant-series', series: 'series' });
    const x = Math.log(lag);
    const y = Math.log(std);
    sumX += x;
    sumY += y;
    sumXX += x * x;
    sumXY += x * y;
    count += 1;
  }
  const slope = (sumXY - (sumX * sumY) / count) / (sumXX - (sumX * sumX) / count);
  return success(slope);
}
