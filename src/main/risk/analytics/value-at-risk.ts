import { normalDensity, normalQuantile } from './normal-quantile';

/**
 * One-day VaR and CVaR of a dollar P&L series, reported as positive losses.
 * - Historical: the backtest's convention (backtest/metrics.ts), so a run's tear sheet and the
 *   Risk page agree: sort ascending, VaR_p = −x[floor((1 − p)·n)] (clamped to n − 1), CVaR_p =
 *   −mean(x[0..that index]).
 * - Parametric (normal): μ and σ (ddof 1) of the series, z = Φ⁻¹(p);
 *   VaR_p = z·σ − μ and CVaR_p = σ·φ(z)/(1 − p) − μ (the normal tail mean).
 * With fewer than two observations nothing can be estimated and every figure is null.
 */

export interface VarFigure {
  readonly confidence: number;
  readonly historicalVar: number | null;
  readonly historicalCvar: number | null;
  readonly parametricVar: number | null;
  readonly parametricCvar: number | null;
}

export interface VarReport {
  readonly observations: number;
  readonly mean: number | null;
  readonly std: number | null;
  readonly figures: readonly VarFigure[];
}

export const DEFAULT_CONFIDENCES: readonly number[] = [0.95, 0.99];

export function historicalTail(sortedAscending: ArrayLike<number>, confidence: number): { var: number; cvar: number } {
  const n = sortedAscending.length;
  const index = Math.min(n - 1, Math.floor((1 - confidence) * n));
  let sum = 0;
  for (let k = 0; k <= index; k += 1) sum += sortedAscending[k] as number;
  return { var: -(sortedAscending[index] as number), cvar: -(sum / (index + 1)) };
}

export function computeValueAtRisk(pnl: Float64Array, confidences: readonly number[] = DEFAULT_CONFIDENCES): VarReport {
  const n = pnl.length;
  if (n < 2) {
    return { observations: n, mean: null, std: null, figures: confidences.map((confidence) => ({ confidence, historicalVar: null, historicalCvar: null, parametricVar: null, parametricCvar: null })) };
  }
  let mean = 0;
  for (const value of pnl) mean += value;
  mean /= n;
  let squares = 0;
  for (const value of pnl) squares += (value - mean) ** 2;
  const std = Math.sqrt(squares / (n - 1));
  const sorted = Float64Array.from(pnl).sort();
  const figures = confidences.map((confidence): VarFigure => {
    const tail = historicalTail(sorted, confidence);
    const z = normalQuantile(confidence);
    return {
      confidence,
      historicalVar: tail.var,
      historicalCvar: tail.cvar,
      parametricVar: z * std - mean,
      parametricCvar: (std * normalDensity(z)) / (1 - confidence) - mean,
    };
  });
  return { observations: n, mean, std, figures };
}
