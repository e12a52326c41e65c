import { adfCore, adfMaxLag, type AdfCoreResult } from './adf-core';
import { ensureAdfWorkspace, type AdfWorkspace } from './adf-workspace';
import type { LagChoice } from './lag-search';
import { mackinnonCrit, type CriticalValues } from './mackinnon-crit';
import { mackinnonP } from './mackinnon-p';
import { simpleMoments, type SimpleMoments } from './ols';
import { failure, firstNonFinite, isConstant, success, type StatsFailure, type StatsResult } from './stats-result';

/** statsmodels' collinearity cut-off in `coint`: R² ≥ 1 − 100·√ε means "almost perfectly collinear". */
export const COLLINEAR_R_SQUARED = 1 - 100 * Math.sqrt(2 ** -52);

/** Engle-Granger two-step test of y on x, as statsmodels `coint(y, x, trend='c', autolag='aic')`. */
export interface EngleGrangerResult {
  /** ADF t-statistic of the first-stage residuals (no constant, AIC lag). */
  readonly statistic: number;
  /** MacKinnon (1994) p-value with N = 2 series, constant. */
  readonly pValue: number;
  /** MacKinnon (2010) critical values for N = 2, constant, T − 1 (statsmodels follows Stata's egranger). */
  readonly criticalValues: CriticalValues;
  readonly usedLag: number;
  /** Observations of the final ADF regression. */
  readonly adfNobs: number;
  /** First stage: y = α + β·x + ε. */
  readonly beta: number;
  readonly alpha: number;
  readonly rSquared: number;
  /** Length of the two series. */
  readonly nobs: number;
}

/** The hot-path outcome, filled in place. */
export interface EngleGrangerCore {
  statistic: number;
  pValue: number;
  usedLag: number;
  adfNobs: number;
  beta: number;
  alpha: number;
  rSquared: number;
}

/** Everything one worker needs to test pairs without allocating. */
export interface EngleGrangerWorkspace {
  readonly adf: AdfWorkspace;
  readonly moments: SimpleMoments;
  readonly adfOut: AdfCoreResult;
  readonly choice: LagChoice;
}

export function createEngleGrangerWorkspace(length: number): EngleGrangerWorkspace {
  return {
    adf: ensureAdfWorkspace(undefined, length, Math.max(0, adfMaxLag(length, 'n'))),
    moments: { meanX: 0, meanY: 0, sxx: 0, sxy: 0, syy: 0 },
    adfOut: { statistic: 0, usedLag: 0, nobs: 0, icBest: 0, maxLag: 0 },
    choice: { lag: 0, icBest: 0 },
  };
}

export function createEngleGrangerCore(): EngleGrangerCore {
  return { statistic: 0, pValue: 0, usedLag: 0, adfNobs: 0, beta: 0, alpha: 0, rSquared: 0 };
}

/** Critical values depend only on the length, so a scan computes them once. */
export function engleGrangerCriticalValues(length: number): CriticalValues {
  return mackinnonCrit(2, 'c', length - 1);
}

/**
 * One Engle-Granger test of y on x over values[0..length), allocation-free: the scanner's
 * inner loop. The caller has checked the series are finite (checkPairInput). Returns null on
 * success (out filled) or the reason the pair cannot be tested.
 */
export function engleGrangerInto(ws: EngleGrangerWorkspace, y: Float64Array, x: Float64Array, length: number, out: EngleGrangerCore): StatsFailure | null {
  const m = simpleMoments(y, x, length, ws.moments);
  if (!(m.sxx > 0)) return { kind: 'constant-series', series: 'x' };
  if (!(m.syy > 0)) return { kind: 'constant-series', series: 'y' };
  const beta = m.sxy / m.sxx;
  const alpha = m.meanY - beta * m.meanX;
  const residuals = ws.adf.residuals;
  let ssr = 0;
  for (let i = 0; i < length; i += 1) {
    // Centred form: the same residual as y − α − β·x with less rounding.
    const e = (y[i] as number) - m.meanY - beta * ((x[i] as number) - m.meanX);
    residuals[i] = e;
    ssr += e * e;
  }
  const rSquared = 1 - ssr / m.syy;
  if (!(rSquared < COLLINEAR_R_SQUARED)) return { kind: 'collinear', rSquared };
  const problem = adfCore(ws.adf, residuals, length, 'n', 'aic', undefined, ws.adfOut, ws.choice);
  if (problem) return problem;
  out.statistic = ws.adfOut.statistic;
  out.pValue = mackinnonP(ws.adfOut.statistic, 'c', 2);
  out.usedLag = ws.adfOut.usedLag;
  out.adfNobs = ws.adfOut.nobs;
  out.beta = beta;
  out.alpha = alpha;
  out.rSquared = rSquared;
  return null;
}

/** Length, finiteness and constancy checks shared by every pair statistic. */
export function checkPairInput(y: Float64Array, x: Float64Array): StatsFailure | null {
  if (y.length !== x.length) return { kind: 'length-mismatch', lengthY: y.length, lengthX: x.length };
  const badY = firstNonFinite(y);
  if (badY >= 0) return { kind: 'non-finite', series: 'y', index: badY };
  const badX = firstNonFinite(x);
  if (badX >= 0) return { kind: 'non-finite', series: 'x', index: badX };
  if (y.length >= 1 && isConstant(y)) return { kind: 'constant-series', series: 'y' };
  if (x.length >= 1 && isConstant(x)) return { kind: 'constant-series', series: 'x' };
  return null;
}

const workspaces = new Map<number, EngleGrangerWorkspace>();

function workspaceFor(length: number): EngleGrangerWorkspace {
  let ws = workspaces.get(length);
  if (!ws) {
    ws = createEngleGrangerWorkspace(length);
    if (workspaces.size > 16) workspaces.clear();
    workspaces.set(length, ws);
  }
  return ws;
}

/** Engle-Granger test of y on x (statsmodels `coint(y, x, trend='c', method='aeg', autolag='aic')`). */
export function engleGranger(y: Float64Array, x: Float64Array, workspace?: EngleGrangerWorkspace): StatsResult<EngleGrangerResult> {
  const bad = checkPairInput(y, x);
  if (bad) return failure(bad);
  const ws = workspace ?? workspaceFor(y.length);
  const out = createEngleGrangerCore();
  const problem = engleGrangerInto(ws, y, x, y.length, out);
  if (problem) return failure(problem);
  return success({ ...out, criticalValues: engleGrangerCriticalValues(y.length), nobs: y.length });
}

/** Both directions: y on x and x on y (the scanner reports the one with the lower p-value). */
export function engleGrangerBothWays(y: Float64Array, x: Float64Array, workspace?: EngleGrangerWorkspace): { readonly yOnX: StatsResult<EngleGrangerResult>; readonly xOnY: StatsResult<EngleGrangerResult> } {
  return { yOnX: engleGranger(y, x, workspace), xOnY: engleGranger(x, y, workspace) };
}
