/**
 * Why a statistic could not be computed for one series or pair. Data problems are results,
 * not exceptions: a scan over 220,430 pairs reports each failed pair with its reason and
 * carries on. Programming errors (wrong argument shapes from our own code) still throw.
 */
export type StatsFailure =
  /** A NaN or infinite value; `index` is the first offending position. */
  | { readonly kind: 'non-finite'; readonly series: SeriesRole; readonly index: number }
  /** The two series of a pair have different lengths; align them first (alignOnCommonDays). */
  | { readonly kind: 'length-mismatch'; readonly lengthY: number; readonly lengthX: number }
  /** Too few observations for the regression or the lag search. */
  | { readonly kind: 'too-short'; readonly nobs: number; readonly required: number }
  /** The series does not vary, so no regression on it (or of it) is defined. */
  | { readonly kind: 'constant-series'; readonly series: SeriesRole }
  /**
   * y is (almost) an exact linear function of x: R² ≥ 1 − 100·√ε, statsmodels' own threshold,
   * where it warns and reports t = −∞, p = 0. We report the reason instead of a fake statistic.
   */
  | { readonly kind: 'collinear'; readonly rSquared: number }
  /** A regression's cross-product matrix is not positive definite at working precision. */
  | { readonly kind: 'singular-regression'; readonly stage: string }
  /** Log returns need positive prices. */
  | { readonly kind: 'non-positive-price'; readonly series: SeriesRole; readonly index: number };

export type SeriesRole = 'y' | 'x' | 'series';

export type StatsResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: StatsFailure };

export function success<T>(value: T): StatsResult<T> {
  return { ok: true, value };
}

export function failure<T>(reason: StatsFailure): StatsResult<T> {
  return { ok: false, reason };
}

/** One line for logs, the CLI's `error` field and the Pairs page. */
export function describeFailure(reason: StatsFailure): string {
  switch (reason.kind) {
    case 'non-finite':
      return `${reason.series} has a NaN or infinite value at index ${reason.index}`;
    case 'length-mismatch':
      return `y has ${reason.lengthY} values and x has ${reason.lengthX}; align them on common days first`;
    case 'too-short':
      return `${reason.nobs} observations; at least ${reason.required} are needed`;
    case 'constant-series':
      return `${reason.series} is constant`;
    case 'collinear':
      return `y and x are (almost) perfectly collinear (R² = ${reason.rSquared}); the test is not reliable`;
    case 'singular-regression':
      return `the ${reason.stage} regression is singular`;
    case 'non-positive-price':
      return `${reason.series} has a price ≤ 0 at index ${reason.index}`;
    default: {
      const unreachable: never = reason;
      throw new Error(`unhandled stats failure ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The first non-finite index of `values`, or -1. */
export function firstNonFinite(values: Float64Array): number {
  for (let index = 0; index < values.length; index += 1) {
    if (!Number.isFinite(values[index] as number)) return index;
  }
  return -1;
}

/** True when every value equals the first one (a series with no variation). */
export function isConstant(values: Float64Array): boolean {
  const first = values[0] as number;
  for (let index = 1; index < values.length; index += 1) if (values[index] !== first) return false;
  return true;
}
