import type { PairLegRequest } from '../engine/order-manager';
import { sideSign } from '../engine/domain';
import type { SymbolColumns } from './aligned-market';

/**
 * Correlation-aware risk-budget sizing (audit 3.1). A pair's daily dollar P&L over the window
 * is approximated from its holdings as P_t = Σ_legs q · price · Δlog(close)_t (price at the
 * decision close). For a candidate at full size P_i, and the open pairs P_j:
 *   c = Σ_j cov(P_i, P_j) / var(P_i),
 * and the candidate is scaled by w = min(1, √(c² + 1) − c), the size at which its marginal
 * contribution to portfolio variance (w²·var_i + 2w·Σ cov_ij) equals its stand-alone variance
 * at full size. Uncorrelated: w = 1; a copy of an equal open pair (c = 1): w = √2 − 1 ≈ 0.414;
 * negatively correlated pairs are not levered up (capped at 1). Days where a leg has no valid
 * bar on either end are left out of every series alike; the window is the lookback's changes.
 */

export interface Holding {
  readonly columns: SymbolColumns;
  /** Signed shares. */
  readonly quantity: number;
}

function pnlSeries(holdings: readonly Holding[], end: number, changes: number, valid: Uint8Array): Float64Array {
  const out = new Float64Array(changes);
  for (let k = 0; k < changes; k++) {
    const t = end - changes + 1 + k;
    if (valid[k] !== 1) continue;
    let pnl = 0;
    for (const holding of holdings) {
      const close = holding.columns.close;
      pnl += holding.quantity * (close[end] as number) * Math.log((close[t] as number) / (close[t - 1] as number));
    }
    out[k] = pnl;
  }
  return out;
}

function covariance(a: Float64Array, b: Float64Array, valid: Uint8Array, count: number): number {
  let meanA = 0;
  let meanB = 0;
  for (let k = 0; k < a.length; k++) {
    if (valid[k] !== 1) continue;
    meanA += a[k] as number;
    meanB += b[k] as number;
  }
  meanA /= count;
  meanB /= count;
  let sum = 0;
  for (let k = 0; k < a.length; k++) if (valid[k] === 1) sum += ((a[k] as number) - meanA) * ((b[k] as number) - meanB);
  return sum / (count - 1);
}

export function holdingsOf(legs: readonly PairLegRequest[], columnsOf: (symbol: string) => SymbolColumns): Holding[] {
  return legs.map((leg) => ({ columns: columnsOf(leg.symbol), quantity: sideSign(leg.side) * leg.quantity }));
}

export function riskBudgetScale(candidate: readonly Holding[], open: readonly (readonly Holding[])[], end: number, lookback: number): { scale: number; c: number } {
  const changes = lookback - 1;
  if (open.length === 0 || end - changes < 1) return { scale: 1, c: 0 };
  const everything = [...candidate, ...open.flat()];
  const valid = new Uint8Array(changes);
  let count = 0;
  for (let k = 0; k < changes; k++) {
    const t = end - changes + 1 + k;
    if (everything.every((h) => h.columns.valid[t] === 1 && h.columns.valid[t - 1] === 1)) {
      valid[k] = 1;
      count++;
    }
  }
  if (count < 3) return { scale: 1, c: 0 };
  const own = pnlSeries(candidate, end, changes, valid);
  const variance = covariance(own, own, valid, count);
  if (!(variance > 0)) return { scale: 1, c: 0 };
  let cov = 0;
  for (const holdings of open) cov += covariance(own, pnlSeries(holdings, end, changes, valid), valid, count);
  const c = cov / variance;
  return { scale: Math.min(1, Math.sqrt(c * c + 1) - c), c };
}
