import { failure, firstNonFinite, success, type StatsResult } from './stats-result';

/**
 * The centred (two-pass) means and co-moments of y on x over the window [start, end]
 * (inclusive): the ONE window-OLS kernel. rollingOls uses it for its exact recomputations and
 * the engine's z-score window (engine/zscore-strategy.ts rollingSpreadFit) for every
 * decision, so a fit of the same window is the same numbers, bit for bit, in both. Two-pass
 * sums stay accurate for log prices near 5, where raw Σx² − n·x̄² would cancel. Returns null
 * when a value in the window is not finite.
 */
export interface WindowMoments {
  readonly meanX: number;
  readonly meanY: number;
  /** Σ(x − x̄)², Σ(x − x̄)(y − ȳ), Σ(y − ȳ)². */
  readonly sxx: number;
  readonly sxy: number;
  readonly syy: number;
}

export function windowMoments(y: ArrayLike<number>, x: ArrayLike<number>, start: number, end: number): WindowMoments | null {
  const count = end - start + 1;
  let sumX = 0;
  let sumY = 0;
  for (let i = start; i <= end; i++) {
    sumX += x[i] as number;
    sumY += y[i] as number;
  }
  // A NaN or ±Infinity in the window makes its sum non-finite, so one test after the pass
  // replaces one per value (finite values summing past 1.8e308 would too: no price does).
  if (!Number.isFinite(sumX) || !Number.isFinite(sumY)) return null;
  const meanX = sumX / count;
  const meanY = sumY / count;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = start; i <= end; i++) {
    const dx = (x[i] as number) - meanX;
    const dy = (y[i] as number) - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  return { meanX, meanY, sxx, sxy, syy };
}

function strictFail(end: number): never {
  throw new RangeError(`rollingOls: a non-finite value in the window ending at ${end} passed the input check`);
}

/**
 * Trailing-window OLS of y on x with an intercept, for every day: at t the fit uses the
 * `window` observations ending at t (inclusive), so nothing after t enters — no look-ahead.
 * Entries before the first full window are NaN.
 */
export interface RollingOlsResult {
  readonly beta: Float64Array;
  readonly alpha: Float64Array;
  /** Mean of the hedge-ratio spread y − β_t·x over the window (equals α_t). */
  readonly spreadMean: Float64Array;
  /** Sample standard deviation (ddof 1) of that spread over the window: √(SSR_t / (window − 1)). */
  readonly spreadStd: Float64Array;
  /** (y_t − β_t·x_t − spreadMean_t) / spreadStd_t: today's spread against its own window. */
  readonly zScore: Float64Array;
  readonly window: number;
}

/**
 * O(n) rolling OLS by windowed Welford updates of the means and co-moments (add the new
 * point, drop the oldest), which avoid the cancellation of raw running sums. To stop
 * rounding from accumulating over thousands of steps, the moments are recomputed exactly
 * every `window` steps, so every value stays within a few ulps of a direct fit.
 */
export function rollingOls(y: Float64Array, x: Float64Array, window: number): StatsResult<RollingOlsResult> {
  if (!Number.isInteger(window) || window < 3) throw new RangeError(`rollingOls: window must be an integer ≥ 3, got ${window}`);
  if (y.length !== x.length) return failure({ kind: 'length-mismatch', lengthY: y.length, lengthX: x.length });
  const badY = firstNonFinite(y);
  if (badY >= 0) return failure({ kind: 'non-finite', series: 'y', index: badY });
  const badX = firstNonFinite(x);
  if (badX >= 0) return failure({ kind: 'non-finite', series: 'x', index: badX });
  const n = y.length;
  if (n < window) return failure({ kind: 'too-short', nobs: n, required: window });

  const beta = new Float64Array(n).fill(Number.NaN);
  const alpha = new Float64Array(n).fill(Number.NaN);
  const spreadMean = new Float64Array(n).fill(Number.NaN);
  const spreadStd = new Float64Array(n).fill(Number.NaN);
  const zScore = new Float64Array(n).fill(Number.NaN);
  let meanX = 0;
  let meanY = 0;
  let cxx = 0;
  let cxy = 0;
  let cyy = 0;

  const recompute = (end: number): void => {
    // Inputs were checked finite above, so the window always has moments.
    const moments = windowMoments(y, x, end - window + 1, end) ?? strictFail(end);
    meanX = moments.meanX;
    meanY = moments.meanY;
    cxx = moments.sxx;
    cxy = moments.sxy;
    cyy = moments.syy;
  };

  for (let t = window - 1; t < n; t += 1) {
    if ((t - (window - 1)) % window === 0) {
      recompute(t);
    } else {
      // Drop the oldest point (index t − window), then add the newest (t), at constant size.
      const ox = x[t - window] as number;
      const oy = y[t - window] as number;
      const size = window - 1;
      let dx = ox - meanX;
      let dy = oy - meanY;
      meanX -= dx / size;
      meanY -= dy / size;
      cxx -= dx * (ox - meanX);
      cxy -= dx * (oy - meanY);
      cyy -= dy * (oy - meanY);
      const nx = x[t] as number;
      const ny = y[t] as number;
      dx = nx - meanX;
      dy = ny - meanY;
      meanX += dx / window;
      meanY += dy / window;
      cxx += dx * (nx - meanX);
      cxy += dx * (ny - meanY);
      cyy += dy * (ny - meanY);
    }
    if (!(cxx > 0)) continue; // x constant over this window: no fit today
    const b = cxy / cxx;
    const a = meanY - b * meanX;
    const ssr = Math.max(0, cyy - b * cxy);
    const std = Math.sqrt(ssr / (window - 1));
    beta[t] = b;
    alpha[t] = a;
    spreadMean[t] = a;
    spreadStd[t] = std;
    zScore[t] = std > 0 ? ((y[t] as number) - b * (x[t] as number) - a) / std : Number.NaN;
  }
  return success({ beta, alpha, spreadMean, spreadStd, zScore, window });
}

/**
 * The z-score strategy's inputs at every day: rolling β, α on the `lookback` closes ending
 * at t (log y on log x when given log prices), and the spread's mean and ddof-1 std over the
 * same window. An alias of rollingOls under the name the engine looks for.
 */
export const rollingSpreadZ = rollingOls;
