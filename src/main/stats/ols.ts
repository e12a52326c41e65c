import { failure, firstNonFinite, isConstant, success, type StatsResult } from './stats-result';

/** y = α + β·x + ε by least squares. */
export interface OlsResult {
  /** Hedge ratio. */
  readonly beta: number;
  /** Intercept. */
  readonly alpha: number;
  readonly residuals: Float64Array;
  readonly rSquared: number;
  /** Standard errors of β and α (σ² = SSR / (n − 2)). */
  readonly seBeta: number;
  readonly seAlpha: number;
  readonly ssr: number;
  readonly nobs: number;
}

/** Centred sums of one simple regression, computed in two passes for accuracy. */
export interface SimpleMoments {
  meanX: number;
  meanY: number;
  sxx: number;
  sxy: number;
  syy: number;
}

/** Means and centred cross-products of values[0..length); two passes, no cancellation. */
export function simpleMoments(y: Float64Array, x: Float64Array, length: number, out: SimpleMoments): SimpleMoments {
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < length; i += 1) {
    sumX += x[i] as number;
    sumY += y[i] as number;
  }
  const meanX = sumX / length;
  const meanY = sumY / length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < length; i += 1) {
    const dx = (x[i] as number) - meanX;
    const dy = (y[i] as number) - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  out.meanX = meanX;
  out.meanY = meanY;
  out.sxx = sxx;
  out.sxy = sxy;
  out.syy = syy;
  return out;
}

/**
 * OLS of y on x with an intercept (statsmodels `OLS(y, add_constant(x))`). Fails for
 * non-finite values, different lengths, fewer than 3 observations or a constant x.
 */
export function olsWithIntercept(y: Float64Array, x: Float64Array): StatsResult<OlsResult> {
  if (y.length !== x.length) return failure({ kind: 'length-mismatch', lengthY: y.length, lengthX: x.length });
  const badY = firstNonFinite(y);
  if (badY >= 0) return failure({ kind: 'non-finite', series: 'y', index: badY });
  const badX = firstNonFinite(x);
  if (badX >= 0) return failure({ kind: 'non-finite', series: 'x', index: badX });
  const n = y.length;
  if (n < 3) return failure({ kind: 'too-short', nobs: n, required: 3 });
  if (isConstant(x)) return failure({ kind: 'constant-series', series: 'x' });
  const m = simpleMoments(y, x, n, { meanX: 0, meanY: 0, sxx: 0, sxy: 0, syy: 0 });
  const beta = m.sxy / m.sxx;
  const alpha = m.meanY - beta * m.meanX;
  const residuals = new Float64Array(n);
  let ssr = 0;
  for (let i = 0; i < n; i += 1) {
    const e = (y[i] as number) - alpha - beta * (x[i] as number);
    residuals[i] = e;
    ssr += e * e;
  }
  const sigma2 = ssr / (n - 2);
  return success({
    beta,
    alpha,
    residuals,
    // statsmodels: 1 − SSR / centred TSS; a constant y has TSS 0 and gives NaN there too.
    rSquared: 1 - ssr / m.syy,
    seBeta: Math.sqrt(sigma2 / m.sxx),
    seAlpha: Math.sqrt(sigma2 * (1 / n + (m.meanX * m.meanX) / m.sxx)),
    ssr,
    nobs: n,
  });
}
