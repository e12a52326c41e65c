import { failure, firstNonFinite, success, type StatsResult } from './stats-result';

/** Pearson correlation of a[0..n) and b[0..n), two-pass (centred) for accuracy; NaN if either is constant. */
export function pearson(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i += 1) {
    meanA += a[i] as number;
    meanB += b[i] as number;
  }
  meanA /= n;
  meanB /= n;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i += 1) {
    const da = (a[i] as number) - meanA;
    const db = (b[i] as number) - meanB;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** ln(p_t / p_{t−1}), t = 1..n−1. */
export function logReturns(prices: Float64Array): Float64Array {
  const out = new Float64Array(Math.max(0, prices.length - 1));
  for (let t = 1; t < prices.length; t += 1) out[t - 1] = Math.log((prices[t] as number) / (prices[t - 1] as number));
  return out;
}

/** Pearson correlation of the two price series' log returns (prices, not log prices). */
export function returnCorrelation(pricesY: Float64Array, pricesX: Float64Array): StatsResult<number> {
  if (pricesY.length !== pricesX.length) return failure({ kind: 'length-mismatch', lengthY: pricesY.length, lengthX: pricesX.length });
  for (const [series, prices] of [['y', pricesY] as const, ['x', pricesX] as const]) {
    const bad = firstNonFinite(prices);
    if (bad >= 0) return failure({ kind: 'non-finite', series, index: bad });
    const index = prices.findIndex((price) => !(price > 0));
    if (index >= 0) return failure({ kind: 'non-positive-price', series, index });
  }
  if (pricesY.length < 3) return failure({ kind: 'too-short', nobs: pricesY.length, required: 3 });
  const rY = logReturns(pricesY);
  const rX = logReturns(pricesX);
  const value = pearson(rY, rX);
  if (Number.isNaN(value)) return failure({ kind: 'constant-series', series: rY.every((r) => r === rY[0]) ? 'y' : 'x' });
  return success(value);
}
