import type { AdfWorkspace } from './adf-workspace';
import type { LagGramSample } from './lag-gram';
import { choleskyInPlace, forwardSubstitute } from './linalg';

/** The lag-search column of refit column r ([det, lags, level] → [det, level, lags]). */
function searchColumn(refitColumn: number, trendTerms: number, lag: number): number {
  if (refitColumn < trendTerms) return refitColumn;
  return refitColumn < trendTerms + lag ? refitColumn + 1 : trendTerms;
}

/** An entry of the symmetric lag-search Gram from its saved diagonal and intact upper triangle. */
function searchEntry(ws: AdfWorkspace, a: number, b: number): number {
  if (a === b) return ws.diagonal[a] as number;
  return a < b ? (ws.gram[a * ws.maxColumns + b] as number) : (ws.gram[b * ws.maxColumns + a] as number);
}

/**
 * The chosen lag's regression on its own, longer sample (rows i = k..N−1), as statsmodels'
 * refit after the lag search. Its Gram is the lag-search Gram restricted to the model's
 * columns plus the outer products of the L − k extra leading rows. The columns are
 * reordered [deterministic, lags 1..k, level] so the level comes last: its t-value — the
 * ADF statistic — is then z_last / σ straight from the forward substitution.
 *
 * Returns the t-value, or NaN when the regression is singular. Reads ws.gram's untouched
 * upper triangle and ws.diagonal (saved before the search's factorization).
 */
export function refitLevelTValue(ws: AdfWorkspace, values: Float64Array, length: number, sample: LagGramSample, trendTerms: number, maxLag: number, lag: number): number {
  const stride = ws.maxColumns;
  const columns = trendTerms + lag + 1;
  const source = ws.row; // one extra observation at a time

  const gram = ws.refitGram;
  const xty = ws.refitXty;
  for (let r = 0; r < columns; r += 1) {
    const mr = searchColumn(r, trendTerms, lag);
    xty[r] = ws.xty[mr] as number;
    for (let s = 0; s <= r; s += 1) gram[r * stride + s] = searchEntry(ws, mr, searchColumn(s, trendTerms, lag));
  }
  let yy = sample.yy;
  const d = ws.diff;
  for (let i = lag; i < maxLag; i += 1) {
    let c = 0;
    if (trendTerms >= 1) source[c++] = 1;
    if (trendTerms === 2) source[c++] = (i - sample.trendCenter) / sample.trendScale;
    for (let j = 1; j <= lag; j += 1) source[c++] = d[i - j] as number;
    source[c] = values[i] as number;
    const y = d[i] as number;
    yy += y * y;
    for (let r = 0; r < columns; r += 1) {
      const value = source[r] as number;
      xty[r] = (xty[r] as number) + value * y;
      const row = r * stride;
      for (let s = 0; s <= r; s += 1) gram[row + s] = (gram[row + s] as number) + value * (source[s] as number);
    }
  }
  if (choleskyInPlace(gram, columns, stride) !== columns) return Number.NaN;
  forwardSubstitute(gram, columns, stride, xty, ws.refitZ);
  let explained = 0;
  for (let c = 0; c < columns; c += 1) explained += (ws.refitZ[c] as number) * (ws.refitZ[c] as number);
  const ssr = yy - explained;
  const rows = length - 1 - lag;
  if (!(ssr > 0)) return Number.NaN;
  return (ws.refitZ[columns - 1] as number) / Math.sqrt(ssr / (rows - columns));
}
