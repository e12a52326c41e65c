import { pearson } from '../../stats/correlation';
import type { PositionPnlHistory } from './position-pnl-history';

/**
 * Correlation of the open pairs' spread returns: each pair's daily P&L (its legs' market
 * values times their returns, from the position P&L history) against every other pair's,
 * Pearson over the same days. A pair whose P&L never moves has no correlation (null), which
 * the heatmap shows as empty rather than as a made-up zero.
 */

export interface PairCorrelationReport {
  readonly pairs: readonly string[];
  readonly observations: number;
  /** Row-major pairs × pairs; the diagonal is 1 for a moving pair. */
  readonly matrix: readonly (readonly (number | null)[])[];
}

export function computePairCorrelation(pnlHistory: PositionPnlHistory): PairCorrelationReport {
  const pairs = [...pnlHistory.byPair.keys()].sort();
  const series = pairs.map((pair) => pnlHistory.byPair.get(pair) ?? new Float64Array(0));
  const n = pnlHistory.days.length;
  const matrix = series.map((a, i) =>
    series.map((b, j) => {
      if (n < 2) return null;
      const value = i === j ? pearson(a, a) : pearson(a, b);
      return Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : null;
    }),
  );
  return { pairs, observations: n, matrix };
}
