import { backSubstitute, choleskyInPlace, forwardSubstitute } from './linalg';

/**
 * Column-oriented helpers for the Johansen test: data as columns (one Float64Array per
 * variable), small results as row-major matrices.
 */

/** Column means removed (statsmodels' detrend of order 0: OLS on a constant). */
export function demean(columns: readonly Float64Array[]): Float64Array[] {
  return columns.map((column) => {
    let sum = 0;
    for (const value of column) sum += value;
    const mean = sum / column.length;
    return column.map((value) => value - mean);
  });
}

/** A'B / divisor for column sets A (p columns) and B (q columns) of equal length: p×q row-major. */
export function crossProduct(a: readonly Float64Array[], b: readonly Float64Array[], divisor = 1): Float64Array {
  const out = new Float64Array(a.length * b.length);
  for (let i = 0; i < a.length; i += 1) {
    const ai = a[i] as Float64Array;
    for (let j = 0; j < b.length; j += 1) {
      const bj = b[j] as Float64Array;
      let sum = 0;
      for (let t = 0; t < ai.length; t += 1) sum += (ai[t] as number) * (bj[t] as number);
      out[i * b.length + j] = sum / divisor;
    }
  }
  return out;
}

/**
 * Residuals of each column of y regressed on the columns of z (no intercept unless z has
 * one): y − z(z'z)⁻¹z'y, i.e. statsmodels' y − z·pinv(z)·y for a full-rank z. Null when z'z
 * is singular. An empty z returns y unchanged.
 */
export function residualize(y: readonly Float64Array[], z: readonly Float64Array[]): Float64Array[] | null {
  if (z.length === 0) return y.map((column) => Float64Array.from(column));
  const k = z.length;
  const gram = crossProduct(z, z);
  if (choleskyInPlace(gram, k, k) !== k) return null;
  const zty = crossProduct(z, y);
  const coefficient = new Float64Array(k);
  const rhs = new Float64Array(k);
  return y.map((column, j) => {
    for (let i = 0; i < k; i += 1) rhs[i] = zty[i * y.length + j] as number;
    forwardSubstitute(gram, k, k, rhs, coefficient);
    backSubstitute(gram, k, k, coefficient, coefficient);
    const out = Float64Array.from(column);
    for (let i = 0; i < k; i += 1) {
      const zi = z[i] as Float64Array;
      const b = coefficient[i] as number;
      for (let t = 0; t < out.length; t += 1) out[t] = (out[t] as number) - b * (zi[t] as number);
    }
    return out;
  });
}

/** Inverse of a symmetric positive definite n×n matrix, or null when it is not. */
export function inverseSpd(matrix: Float64Array, n: number): Float64Array | null {
  const l = Float64Array.from(matrix);
  if (choleskyInPlace(l, n, n) !== n) return null;
  const out = new Float64Array(n * n);
  const e = new Float64Array(n);
  const x = new Float64Array(n);
  for (let j = 0; j < n; j += 1) {
    e.fill(0);
    e[j] = 1;
    forwardSubstitute(l, n, n, e, x);
    backSubstitute(l, n, n, x, x);
    for (let i = 0; i < n; i += 1) out[i * n + j] = x[i] as number;
  }
  return out;
}

/** Row-major product of a (p×q) and b (q×r). */
export function multiply(a: Float64Array, b: Float64Array, p: number, q: number, r: number): Float64Array {
  const out = new Float64Array(p * r);
  for (let i = 0; i < p; i += 1)
    for (let j = 0; j < r; j += 1) {
      let sum = 0;
      for (let k = 0; k < q; k += 1) sum += (a[i * q + k] as number) * (b[k * r + j] as number);
      out[i * r + j] = sum;
    }
  return out;
}

/** Row-major transpose of a (p×q). */
export function transpose(a: Float64Array, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let i = 0; i < p; i += 1) for (let j = 0; j < q; j += 1) out[j * p + i] = a[i * q + j] as number;
  return out;
}
