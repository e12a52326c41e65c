/**
 * Small dense linear algebra on row-major Float64Arrays with an explicit stride, so callers
 * can keep one preallocated workspace and factor leading blocks of it in place.
 */

/**
 * A pivot below this fraction of its column's own squared norm means the column is (to
 * working precision) a combination of the columns before it: 1 − R² of that column on the
 * previous ones is under 1e-13.
 */
export const CHOLESKY_RELATIVE_PIVOT = 1e-13;

/**
 * In-place Cholesky A = L·Lᵀ of the leading n×n block (lower triangle used and overwritten;
 * the strict upper triangle is left alone). Returns n on success, or the index of the first
 * column whose pivot is not positive at working precision. Because the factor of a leading
 * block is the leading block of the factor, a caller can read every nested model from one
 * factorization.
 */
export function choleskyInPlace(a: Float64Array, n: number, stride: number): number {
  for (let j = 0; j < n; j += 1) {
    const rowJ = j * stride;
    const original = a[rowJ + j] as number;
    let diagonal = original;
    for (let k = 0; k < j; k += 1) {
      const value = a[rowJ + k] as number;
      diagonal -= value * value;
    }
    if (!(diagonal > CHOLESKY_RELATIVE_PIVOT * original)) return j;
    const pivot = Math.sqrt(diagonal);
    a[rowJ + j] = pivot;
    for (let i = j + 1; i < n; i += 1) {
      const rowI = i * stride;
      let sum = a[rowI + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (a[rowI + k] as number) * (a[rowJ + k] as number);
      a[rowI + j] = sum / pivot;
    }
  }
  return n;
}

/** Solves L·z = b for the leading n rows (L from choleskyInPlace); z may alias b. */
export function forwardSubstitute(l: Float64Array, n: number, stride: number, b: Float64Array, z: Float64Array): void {
  for (let i = 0; i < n; i += 1) {
    const row = i * stride;
    let sum = b[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (l[row + k] as number) * (z[k] as number);
    z[i] = sum / (l[row + i] as number);
  }
}

/** Solves Lᵀ·x = z for the leading n rows; x may alias z. */
export function backSubstitute(l: Float64Array, n: number, stride: number, z: Float64Array, x: Float64Array): void {
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = z[i] as number;
    for (let k = i + 1; k < n; k += 1) sum -= (l[k * stride + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * stride + i] as number);
  }
}

/** Copies the lower triangle of a symmetric matrix into its upper triangle. */
export function symmetrize(a: Float64Array, n: number, stride: number): void {
  for (let i = 0; i < n; i += 1) for (let j = 0; j < i; j += 1) a[j * stride + i] = a[i * stride + j] as number;
}
