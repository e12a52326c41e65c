/**
 * Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method: accurate to
 * working precision for every eigenvalue (small ones included), simple, and plenty fast for
 * the 2..12 variables of a Johansen test.
 */
export interface SymmetricEigen {
  /** Eigenvalues, unsorted. */
  readonly values: Float64Array;
  /** Row-major n×n; column j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep += 1) {
    let off = 0;
    let scale = 0;
    for (let i = 0; i < n; i += 1) {
      scale += (a[i * n + i] as number) ** 2;
      for (let j = i + 1; j < n; j += 1) off += (a[i * n + j] as number) ** 2;
    }
    if (off <= 1e-32 * scale || off === 0) break;
    for (let p = 0; p < n; p += 1) {
      for (let q = p + 1; q < n; q += 1) {
        const apq = a[p * n + q] as number;
        if (apq === 0) continue;
        const app = a[p * n + p] as number;
        const aqq = a[q * n + q] as number;
        // Rotation angle that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k += 1) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k += 1) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k += 1) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i += 1) values[i] = a[i * n + i] as number;
  return { values, vectors: v };
}
