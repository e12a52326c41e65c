import { crossProduct, demean, inverseSpd, multiply, residualize, transpose } from './dense';
import { johansenCritical, MAX_EIGEN_CRITICAL, TRACE_CRITICAL, type JohansenDetOrder } from './johansen-tables';
import { backSubstitute, choleskyInPlace, forwardSubstitute } from './linalg';
import { failure, firstNonFinite, isConstant, success, type StatsResult } from './stats-result';
import { symmetricEigen } from './symmetric-eigen';

export type { JohansenDetOrder } from './johansen-tables';

/** Johansen's test, as statsmodels `coint_johansen(endog, det_order, k_ar_diff)`. */
export interface JohansenResult {
  /** Eigenvalues, descending. */
  readonly eigenvalues: Float64Array;
  /**
   * Row-major n×n; column j is the eigenvector of eigenvalues[j], normalised so that
   * vᵀ·S_kk·v = 1 (as statsmodels). Each column's sign makes its first non-zero entry
   * positive; statsmodels flips only by the sign of entry [0][0], so its other columns carry
   * LAPACK's arbitrary sign.
   */
  readonly eigenvectors: Float64Array;
  /** Trace statistic for H0: rank ≤ r, r = 0..n−1 (statsmodels lr1). */
  readonly traceStatistic: Float64Array;
  /** Maximum-eigenvalue statistic for H0: rank = r (statsmodels lr2). */
  readonly maxEigenStatistic: Float64Array;
  /** [90 %, 95 %, 99 %] per r (statsmodels cvt, cvm). */
  readonly traceCritical: readonly (readonly [number, number, number])[];
  readonly maxEigenCritical: readonly (readonly [number, number, number])[];
  /** Rows of the concentrated regressions. */
  readonly nobs: number;
  readonly variables: number;
}

function differences(column: Float64Array): Float64Array {
  const out = new Float64Array(column.length - 1);
  for (let t = 0; t < out.length; t += 1) out[t] = (column[t + 1] as number) - (column[t] as number);
  return out;
}

/** statsmodels' inner detrend: −1 leaves the data, 0 demeans, 1 removes a linear trend in linspace(−1, 1). */
function detrend(columns: readonly Float64Array[], order: JohansenDetOrder): Float64Array[] | null {
  if (order === -1) return columns.map((column) => Float64Array.from(column));
  if (order === 0) return demean(columns);
  const n = columns[0]?.length ?? 0;
  const trend = Float64Array.from({ length: n }, (_, t) => (n === 1 ? -1 : -1 + (2 * t) / (n - 1)));
  return residualize(columns, [trend, new Float64Array(n).fill(1)]);
}

/**
 * Johansen cointegration rank test of the columns of `endog` (each one series of equal
 * length), equal to statsmodels 0.13.5 `coint_johansen(endog, det_order, k_ar_diff)`,
 * including its choice of level lag (Y_{t−k} in the long-run form, rows 1..T−k−1).
 */
export function johansen(endog: readonly Float64Array[], detOrder: JohansenDetOrder = 0, kArDiff = 1): StatsResult<JohansenResult> {
  if (!Number.isInteger(kArDiff) || kArDiff < 0) throw new RangeError(`johansen: kArDiff must be a non-negative integer, got ${kArDiff}`);
  const n = endog.length;
  if (n < 1) throw new RangeError('johansen: at least one series is required');
  const length = (endog[0] as Float64Array).length;
  for (const [index, column] of endog.entries()) {
    if (column.length !== length) return failure({ kind: 'length-mismatch', lengthY: length, lengthX: column.length });
    const bad = firstNonFinite(column);
    if (bad >= 0) return failure({ kind: 'non-finite', series: index === 0 ? 'y' : 'x', index: bad });
    if (isConstant(column)) return failure({ kind: 'constant-series', series: index === 0 ? 'y' : 'x' });
  }
  const rows = length - 1 - kArDiff;
  const regressors = n * kArDiff + (detOrder > -1 ? 1 : 0);
  const required = 2 + kArDiff + regressors + n;
  if (length < required) return failure({ kind: 'too-short', nobs: length, required });

  const f: JohansenDetOrder = detOrder > -1 ? 0 : -1;
  const level = detrend(endog, detOrder);
  if (!level) return failure({ kind: 'singular-regression', stage: 'Johansen detrending' });
  const dx = level.map(differences);
  // Lagged differences: column (lag l, variable v) holds dx_v[t − l] for t = k..T−2.
  const lagged: Float64Array[] = [];
  for (let lag = 1; lag <= kArDiff; lag += 1) for (const column of dx) lagged.push(column.slice(kArDiff - lag, kArDiff - lag + rows));
  const z = detrend(lagged, f);
  const dxNow = detrend(
    dx.map((column) => column.slice(kArDiff)),
    f,
  );
  const lx = detrend(
    level.map((column) => column.slice(1, length - kArDiff)),
    f,
  );
  if (!z || !dxNow || !lx) return failure({ kind: 'singular-regression', stage: 'Johansen detrending' });
  const r0t = residualize(dxNow, z);
  const rkt = residualize(lx, z);
  if (!r0t || !rkt) return failure({ kind: 'singular-regression', stage: 'Johansen lagged differences' });

  const skk = crossProduct(rkt, rkt, rows);
  const sk0 = crossProduct(rkt, r0t, rows);
  const s00 = crossProduct(r0t, r0t, rows);
  const s00Inverse = inverseSpd(s00, n);
  if (!s00Inverse) return failure({ kind: 'singular-regression', stage: 'Johansen S00' });
  const sig = multiply(multiply(sk0, s00Inverse, n, n, n), transpose(sk0, n, n), n, n, n);

  // Solve sig·v = λ·skk·v as a symmetric problem: skk = L·Lᵀ, C = L⁻¹·sig·L⁻ᵀ, v = L⁻ᵀ·w.
  const l = Float64Array.from(skk);
  if (choleskyInPlace(l, n, n) !== n) return failure({ kind: 'singular-regression', stage: 'Johansen Skk' });
  const lInverse = new Float64Array(n * n);
  const unit = new Float64Array(n);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j += 1) {
    unit.fill(0);
    unit[j] = 1;
    forwardSubstitute(l, n, n, unit, column);
    for (let i = 0; i < n; i += 1) lInverse[i * n + j] = column[i] as number;
  }
  const c = multiply(multiply(lInverse, sig, n, n, n), transpose(lInverse, n, n), n, n, n);
  for (let i = 0; i < n; i += 1) for (let j = 0; j < i; j += 1) c[i * n + j] = c[j * n + i] = ((c[i * n + j] as number) + (c[j * n + i] as number)) / 2;
  const eigen = symmetricEigen(c, n);

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (eigen.values[b] as number) - (eigen.values[a] as number));
  const eigenvalues = new Float64Array(n);
  const eigenvectors = new Float64Array(n * n);
  const w = new Float64Array(n);
  const v = new Float64Array(n);
  order.forEach((source, target) => {
    eigenvalues[target] = eigen.values[source] as number;
    for (let i = 0; i < n; i += 1) w[i] = eigen.vectors[i * n + source] as number;
    backSubstitute(l, n, n, w, v);
    const first = v.find((value) => value !== 0) ?? 1;
    const sign = first < 0 ? -1 : 1;
    for (let i = 0; i < n; i += 1) eigenvectors[i * n + target] = sign * (v[i] as number);
  });

  const traceStatistic = new Float64Array(n);
  const maxEigenStatistic = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    maxEigenStatistic[i] = -rows * Math.log(1 - (eigenvalues[i] as number));
    traceStatistic[i] = (maxEigenStatistic[i] as number) + (i + 1 < n ? (traceStatistic[i + 1] as number) : 0);
  }
  const traceCritical = Array.from({ length: n }, (_, i) => johansenCritical(TRACE_CRITICAL, n - i, detOrder));
  const maxEigenCritical = Array.from({ length: n }, (_, i) => johansenCritical(MAX_EIGEN_CRITICAL, n - i, detOrder));
  return success({ eigenvalues, eigenvectors, traceStatistic, maxEigenStatistic, traceCritical, maxEigenCritical, nobs: rows, variables: n });
}
