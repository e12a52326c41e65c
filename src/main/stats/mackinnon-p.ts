import { normalCdf } from './normal-cdf';
import { TAU_CUTOFFS, TAU_LARGE_P, TAU_SMALL_P, type UnitRootRegression } from './mackinnon-tables';

/** The largest N the 1994 p-value surfaces cover. */
export const MACKINNON_P_MAX_N = 6;

/** Horner evaluation of coefficients in ascending powers. */
function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (let index = coefficients.length - 1; index >= 0; index -= 1) value = value * x + (coefficients[index] as number);
  return value;
}

/**
 * MacKinnon's (1994) approximate asymptotic p-value of a Dickey-Fuller / Engle-Granger tau
 * statistic, as statsmodels' `mackinnonp(teststat, regression, N)`: 0 below tau_min, 1
 * above tau_max, else Φ of the small-p (t ≤ tau*) or large-p polynomial. `n` is the number
 * of I(1) series: 1 for ADF, 2 for a pair's Engle-Granger test. t = −∞ gives 0.
 */
export function mackinnonP(testStatistic: number, regression: UnitRootRegression, n = 1): number {
  if (!Number.isInteger(n) || n < 1 || n > MACKINNON_P_MAX_N) throw new RangeError(`mackinnonP: N must be an integer in 1..${MACKINNON_P_MAX_N}, got ${n}`);
  if (Number.isNaN(testStatistic)) return Number.NaN;
  const cutoffs = TAU_CUTOFFS[regression];
  const row = n - 1;
  if (testStatistic > (cutoffs.max[row] as number)) return 1;
  if (testStatistic < (cutoffs.min[row] as number)) return 0;
  const table = testStatistic <= (cutoffs.star[row] as number) ? TAU_SMALL_P[regression] : TAU_LARGE_P[regression];
  const coefficients = table[row];
  if (coefficients === undefined) throw new RangeError(`mackinnonP: no coefficients for ${regression}, N=${n}`);
  return normalCdf(polynomial(coefficients, testStatistic));
}
