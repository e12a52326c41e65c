/**
 * The statistics of a spread s_i = log y_i − α − β·log x_i over a window [start, end] for a
 * given α, β: the z-score strategy passes its window OLS fit, the Kalman strategy today's
 * filtered state. Two parts, because a strategy needs them at different rates:
 *   - the level (last value, mean, std ddof 1) behind z, read at every decision;
 *   - the dynamics (the lag regression Δs_i = a + b·s_{i−1} behind the half-life, and the
 *     std of daily changes that sizing reads), read only when a position is entered.
 * Each is one pass; computing the dynamics lazily keeps the per-bar cost to the level's.
 */

export interface SpreadLevel {
  readonly lastSpread: number;
  readonly mean: number;
  readonly std: number;
}

export interface SpreadDynamics {
  /** −ln 2 / ln(1 + b) from Δs_i = a + b·s_{i−1} over the window; Infinity when b ≥ 0. */
  readonly halfLife: number;
  /** Std (ddof 1) of the window's daily spread changes. */
  readonly changeStd: number;
}

/** The caller guarantees finite values in the window and end − start ≥ 2. */
export function spreadLevel(logY: ArrayLike<number>, logX: ArrayLike<number>, start: number, end: number, alpha: number, beta: number): SpreadLevel {
  const count = end - start + 1;
  // For an OLS fit the spread is centred by construction, so Σs² − n·mean² loses nothing;
  // for a Kalman state it is near-centred (α tracks the level), which keeps the loss small.
  let sumS = 0;
  let sumSS = 0;
  let s = 0;
  for (let i = start; i <= end; i++) {
    s = (logY[i] as number) - alpha - beta * (logX[i] as number);
    sumS += s;
    sumSS += s * s;
  }
  const mean = sumS / count;
  const std = Math.sqrt(Math.max(0, sumSS - count * mean * mean) / (count - 1));
  return { lastSpread: s, mean, std };
}

/** Same guarantees as spreadLevel. */
export function spreadDynamics(logY: ArrayLike<number>, logX: ArrayLike<number>, start: number, end: number, alpha: number, beta: number): SpreadDynamics {
  let sumLag = 0;
  let sumDelta = 0;
  let sumLagLag = 0;
  let sumLagDelta = 0;
  let sumDeltaDelta = 0;
  let previous = (logY[start] as number) - alpha - beta * (logX[start] as number);
  for (let i = start + 1; i <= end; i++) {
    const s = (logY[i] as number) - alpha - beta * (logX[i] as number);
    const delta = s - previous;
    sumLag += previous;
    sumDelta += delta;
    sumLagLag += previous * previous;
    sumLagDelta += previous * delta;
    sumDeltaDelta += delta * delta;
    previous = s;
  }
  const pairs = end - start;
  const sLagLag = sumLagLag - (sumLag * sumLag) / pairs;
  const sLagDelta = sumLagDelta - (sumLag * sumDelta) / pairs;
  const sDeltaDelta = Math.max(0, sumDeltaDelta - (sumDelta * sumDelta) / pairs);
  const b = sLagLag > 0 ? sLagDelta / sLagLag : 0;
  const halfLife = b >= 0 ? Number.POSITIVE_INFINITY : b <= -1 ? 1 : -Math.LN2 / Math.log(1 + b);
  const changeStd = pairs > 1 ? Math.sqrt(sDeltaDelta / (pairs - 1)) : 0;
  return { halfLife, changeStd };
}
