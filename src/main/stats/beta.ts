/**
 * β of y on x: cov(y, x) / var(x) over the first min(len) observations (the ddof cancels);
 * 0 when x does not move or there are fewer than two observations. The one owner of the
 * beta-to-an-index rule: the backtest's tear sheet and the Risk page both call it.
 */
export function regressionBeta(y: ArrayLike<number>, x: ArrayLike<number>): number {
  const n = Math.min(y.length, x.length);
  if (n < 2) return 0;
  let meanY = 0;
  let meanX = 0;
  for (let k = 0; k < n; k += 1) {
    meanY += y[k] as number;
    meanX += x[k] as number;
  }
  meanY /= n;
  meanX /= n;
  let cov = 0;
  let variance = 0;
  for (let k = 0; k < n; k += 1) {
    const dx = (x[k] as number) - meanX;
    cov += ((y[k] as number) - meanY) * dx;
    variance += dx * dx;
  }
  return variance > 0 ? cov / variance : 0;
}
