import { TAU_2010, type UnitRootRegression } from './mackinnon-tables';

/** Critical values at 1 %, 5 % and 10 %, most negative first. */
export interface CriticalValues {
  readonly '1%': number;
  readonly '5%': number;
  readonly '10%': number;
}

/**
 * MacKinnon's (2010) finite-sample critical values, as statsmodels' `mackinnoncrit(N,
 * regression, nobs)`: b_inf + b_1/T + b_2/T² + b_3/T³ with T = nobs; Infinity gives the
 * asymptotic values. The no-constant case exists for N = 1 only.
 */
export function mackinnonCrit(n: number, regression: UnitRootRegression, nobs: number): CriticalValues {
  const surfaces = TAU_2010[regression][n - 1];
  if (!Number.isInteger(n) || surfaces === undefined) {
    throw new RangeError(`mackinnonCrit: no critical values for regression '${regression}' with N=${n}`);
  }
  if (!(nobs > 0)) throw new RangeError(`mackinnonCrit: nobs must be positive, got ${nobs}`);
  const inverse = 1 / nobs;
  const values = surfaces.map((b) => {
    // statsmodels evaluates numpy.polyval on [b3, b2, b1, b_inf] (Horner in 1/T).
    let value = 0;
    for (let index = b.length - 1; index >= 0; index -= 1) value = value * inverse + (b[index] as number);
    return value;
  });
  return { '1%': values[0] as number, '5%': values[1] as number, '10%': values[2] as number };
}
