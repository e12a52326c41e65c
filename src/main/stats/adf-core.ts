import type { AdfWorkspace } from './adf-workspace';
import { refitLevelTValue } from './adf-refit';
import { buildLagGram } from './lag-gram';
import { searchLag, type AdfAutolag, type LagChoice } from './lag-search';
import type { StatsFailure } from './stats-result';

/** Deterministic terms of the ADF regression: none, constant, constant + linear trend. */
export type AdfRegression = 'n' | 'c' | 'ct';

/** The allocation-free ADF outcome, filled in place by adfCore. */
export interface AdfCoreResult {
  statistic: number;
  usedLag: number;
  /** Observations of the final regression: length − 1 − usedLag. */
  nobs: number;
  /** The criterion of the chosen lag (AIC, BIC or |t|); NaN without autolag. */
  icBest: number;
  maxLag: number;
}

export function trendTermCount(regression: AdfRegression): 0 | 1 | 2 {
  switch (regression) {
    case 'n':
      return 0;
    case 'c':
      return 1;
    case 'ct':
      return 2;
    default: {
      const unreachable: never = regression;
      throw new RangeError(`unknown ADF regression ${String(unreachable)}`);
    }
  }
}

/**
 * statsmodels' maximum lag for a series of `length` values: ceil(12·(length/100)^¼), capped
 * at length//2 − ntrend − 1. A requested lag above that cap is refused (as statsmodels
 * raises). Returns −1 when no lag fits.
 */
export function adfMaxLag(length: number, regression: AdfRegression, requested?: number): number {
  const ntrend = trendTermCount(regression);
  const cap = Math.floor(length / 2) - ntrend - 1;
  if (requested !== undefined) return requested > cap ? -1 : requested;
  const schwert = Math.ceil(12 * Math.pow(length / 100, 1 / 4));
  return Math.min(cap, schwert);
}

/** True when every candidate regression would keep at least one residual degree of freedom. */
export function adfFits(length: number, regression: AdfRegression, requested?: number): boolean {
  const maxLag = adfMaxLag(length, regression, requested);
  if (maxLag < 0 || length < 3) return false;
  const rows = length - 1 - maxLag;
  return rows - (trendTermCount(regression) + 1 + maxLag) >= 1;
}

/** The shortest series the ADF test accepts with these settings (for the too-short reason). */
export function adfMinimumLength(regression: AdfRegression, requested?: number): number {
  for (let length = 3; length < 10_000; length += 1) if (adfFits(length, regression, requested)) return length;
  return Number.POSITIVE_INFINITY;
}

/**
 * The ADF statistic of values[0..length) exactly as statsmodels 0.13.5's `adfuller`:
 * lag search on the common sample at maxLag (autolag), then the refit of the chosen lag on
 * its full sample; with autolag null, the regression at maxLag. The caller has checked the
 * values are finite and not constant. Returns null on success, else the failure.
 */
export function adfCore(
  ws: AdfWorkspace,
  values: Float64Array,
  length: number,
  regression: AdfRegression,
  autolag: AdfAutolag | null,
  requestedMaxLag: number | undefined,
  out: AdfCoreResult,
  choice: LagChoice = { lag: 0, icBest: 0 },
): StatsFailure | null {
  if (!adfFits(length, regression, requestedMaxLag)) return { kind: 'too-short', nobs: length, required: adfMinimumLength(regression, requestedMaxLag) };
  const maxLag = adfMaxLag(length, regression, requestedMaxLag);
  if (length > ws.capacity || maxLag > ws.maxLagCapacity) throw new RangeError(`adfCore: workspace for ${ws.capacity} values / lag ${ws.maxLagCapacity} is too small for ${length} / ${maxLag}`);
  const trendTerms = trendTermCount(regression);
  const sample = buildLagGram(ws, values, length, maxLag, trendTerms);
  if (autolag === null) {
    choice.lag = maxLag;
    choice.icBest = Number.NaN;
    const stride = ws.maxColumns;
    for (let c = 0; c < sample.columns; c += 1) ws.diagonal[c] = ws.gram[c * stride + c] as number;
  } else if (!searchLag(ws, sample, trendTerms, maxLag, autolag, choice)) {
    return { kind: 'singular-regression', stage: 'ADF lag search' };
  }
  const statistic = refitLevelTValue(ws, values, length, sample, trendTerms, maxLag, choice.lag);
  if (Number.isNaN(statistic)) return { kind: 'singular-regression', stage: 'ADF' };
  out.statistic = statistic;
  out.usedLag = choice.lag;
  out.nobs = length - 1 - choice.lag;
  out.icBest = choice.icBest;
  out.maxLag = maxLag;
  return null;
}
