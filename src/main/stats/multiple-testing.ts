/**
 * Multiple-testing corrections over every ordered test of a scan, equal to statsmodels
 * `multipletests(p, method='fdr_bh' | 'bonferroni')`. Inputs are p-values in [0, 1]; a
 * failed test has no p-value and is not passed in (count it out before correcting).
 */

function checkPValues(pValues: Float64Array): void {
  for (let i = 0; i < pValues.length; i += 1) {
    const p = pValues[i] as number;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`multiple testing: p-value ${i} is ${p}, not in [0, 1]`);
  }
}

/**
 * Benjamini-Hochberg q-values: q_(i) = min_{j ≥ i} m·p_(j)/j over the ascending order,
 * capped at 1. Ties keep their input order (a stable sort), which does not change the values.
 */
export function benjaminiHochberg(pValues: Float64Array): Float64Array {
  checkPValues(pValues);
  const m = pValues.length;
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i += 1) order[i] = i;
  order.sort((a, b) => (pValues[a] as number) - (pValues[b] as number) || a - b);
  const q = new Float64Array(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank -= 1) {
    const index = order[rank - 1] as number;
    running = Math.min(running, ((pValues[index] as number) * m) / rank);
    q[index] = running;
  }
  return q;
}

/** Bonferroni-adjusted p-values: min(1, m·p). */
export function bonferroni(pValues: Float64Array): Float64Array {
  checkPValues(pValues);
  const m = pValues.length;
  return pValues.map((p) => Math.min(1, p * m));
}

/** How many adjusted p-values (q-values) are at or below alpha: the surviving pairs. */
export function countSignificant(adjusted: Float64Array, alpha: number): number {
  let count = 0;
  for (const value of adjusted) if (value <= alpha) count += 1;
  return count;
}
