import type { AdfWorkspace } from './adf-workspace';
import type { LagGramSample } from './lag-gram';
import { choleskyInPlace, forwardSubstitute } from './linalg';

/** How the ADF lag is chosen, as statsmodels' `autolag`. */
export type AdfAutolag = 'aic' | 'bic' | 't-stat';

/** statsmodels' 5 % two-sided normal cut-off for the t-stat rule (scipy.stats.norm.ppf(0.95)). */
const T_STAT_STOP = 1.6448536269514722;
const LOG_TWO_PI = Math.log(2 * Math.PI);

/** The chosen lag and the criterion value statsmodels reports as `icbest`. */
export interface LagChoice {
  lag: number;
  icBest: number;
}

/**
 * Picks the lag from one Cholesky factorization of the common-sample Gram matrix: the factor
 * of a leading block is the leading block of the factor, so forward substitution z = L⁻¹X'y
 * gives every nested model's SSR as y'y − Σ_{q<p} z_q², and the t-value of a model's last
 * regressor as z_{p−1} / √(SSR_p / (n − p)). AIC and BIC are statsmodels' OLS criteria
 * (−2·llf + 2p, −2·llf + ln(n)·p with the Gaussian llf); ties go to the smaller lag, as
 * Python's min over (ic, lag) tuples does. Returns false when the Gram is singular.
 */
export function searchLag(ws: AdfWorkspace, sample: LagGramSample, trendTerms: number, maxLag: number, method: AdfAutolag, out: LagChoice): boolean {
  const stride = ws.maxColumns;
  const columns = sample.columns;
  for (let c = 0; c < columns; c += 1) ws.diagonal[c] = ws.gram[c * stride + c] as number;
  if (choleskyInPlace(ws.gram, columns, stride) !== columns) return false;
  forwardSubstitute(ws.gram, columns, stride, ws.xty, ws.z);
  const rows = sample.rows;
  const z = ws.z;

  if (method === 't-stat') {
    // From the longest lag down, stop at the first whose last coefficient is significant.
    let explained = 0;
    for (let c = 0; c < columns; c += 1) explained += (z[c] as number) * (z[c] as number);
    let lag = maxLag;
    let icBest = 0;
    for (; lag >= 0; lag -= 1) {
      const parameters = trendTerms + 1 + lag;
      const ssr = sample.yy - explained;
      if (!(ssr > 0)) return false;
      const last = z[parameters - 1] as number;
      icBest = Math.abs(last / Math.sqrt(ssr / (rows - parameters)));
      if (icBest >= T_STAT_STOP) break;
      explained -= last * last;
    }
    out.lag = Math.max(lag, 0);
    out.icBest = icBest;
    return true;
  }

  const penalty = method === 'aic' ? 2 : Math.log(rows);
  let explained = 0;
  for (let c = 0; c < trendTerms; c += 1) explained += (z[c] as number) * (z[c] as number);
  let bestLag = 0;
  let best = Number.POSITIVE_INFINITY;
  for (let lag = 0; lag <= maxLag; lag += 1) {
    const parameters = trendTerms + 1 + lag;
    const added = z[parameters - 1] as number;
    explained += added * added;
    const ssr = sample.yy - explained;
    if (!(ssr > 0)) return false;
    const criterion = rows * (LOG_TWO_PI + Math.log(ssr / rows) + 1) + penalty * parameters;
    if (criterion < best) {
      best = criterion;
      bestLag = lag;
    }
  }
  out.lag = bestLag;
  out.icBest = best;
  return true;
}
