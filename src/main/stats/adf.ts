import { ensureAdfWorkspace, type AdfWorkspace } from './adf-workspace';
import { adfCore, adfMaxLag, type AdfCoreResult, type AdfRegression } from './adf-core';
import type { AdfAutolag } from './lag-search';
import { mackinnonCrit, type CriticalValues } from './mackinnon-crit';
import { mackinnonP } from './mackinnon-p';
import { failure, firstNonFinite, isConstant, success, type StatsResult } from './stats-result';

export type { AdfRegression } from './adf-core';
export type { AdfAutolag } from './lag-search';

export interface AdfOptions {
  /** Deterministic terms; statsmodels' default 'c'. */
  readonly regression?: AdfRegression;
  /** Lag selection; statsmodels' default 'aic'; null fits maxLag directly. */
  readonly autolag?: AdfAutolag | null;
  /** Maximum lag; default ceil(12·(n/100)^¼) capped at n//2 − ntrend − 1. */
  readonly maxLag?: number;
}

/** statsmodels' `adfuller` return values, named. */
export interface AdfResult {
  readonly statistic: number;
  /** MacKinnon (1994) approximate p-value, N = 1. */
  readonly pValue: number;
  readonly usedLag: number;
  readonly nobs: number;
  /** MacKinnon (2010) critical values for `nobs`. */
  readonly criticalValues: CriticalValues;
  /** The chosen lag's criterion (`icbest`); null without autolag. */
  readonly icBest: number | null;
  readonly maxLag: number;
}

let sharedWorkspace: AdfWorkspace | undefined;

/** Augmented Dickey-Fuller test, equal to statsmodels 0.13.5 `adfuller(x, maxlag, regression, autolag)`. */
export function adfuller(values: Float64Array, options: AdfOptions = {}, workspace?: AdfWorkspace): StatsResult<AdfResult> {
  const regression = options.regression ?? 'c';
  const autolag = options.autolag === undefined ? 'aic' : options.autolag;
  const bad = firstNonFinite(values);
  if (bad >= 0) return failure({ kind: 'non-finite', series: 'series', index: bad });
  if (values.length >= 2 && isConstant(values)) return failure({ kind: 'constant-series', series: 'series' });
  const ws = workspace ?? (sharedWorkspace = ensureAdfWorkspace(sharedWorkspace, values.length, Math.max(0, adfMaxLag(values.length, regression, options.maxLag))));
  const out: AdfCoreResult = { statistic: 0, usedLag: 0, nobs: 0, icBest: 0, maxLag: 0 };
  const problem = adfCore(ws, values, values.length, regression, autolag, options.maxLag, out);
  if (problem) return failure(problem);
  return success({
    statistic: out.statistic,
    pValue: mackinnonP(out.statistic, regression, 1),
    usedLag: out.usedLag,
    nobs: out.nobs,
    criticalValues: mackinnonCrit(1, regression, out.nobs),
    icBest: autolag === null ? null : out.icBest,
    maxLag: out.maxLag,
  });
}
