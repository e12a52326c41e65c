import type { CloseMatrix } from '../../core/market/series';
import { regressionBeta } from '../../stats/beta';
import { closeAt } from './risk-inputs';
import type { PositionPnlHistory } from './position-pnl-history';

/**
 * β of the portfolio to an equal-weight index of every symbol in the close history, on the
 * same days as the position P&L history. The index return of day t is the mean simple return
 * of the symbols with a close on t and on the row before (0 when none), the backtest's rule
 * (backtest/run-summaries.ts); the regression is the one owner, stats/beta.ts.
 * Portfolio β regresses P&L_t / equity on the index; each symbol's β regresses its own
 * return. Because covariance is linear, β_portfolio · equity = Σ MV_i · β_i (the dollar β).
 */

export interface BetaReport {
  readonly observations: number;
  readonly portfolioBeta: number;
  /** β × equity: the dollar move of the book for a 1.00 (100%) index move. */
  readonly dollarBeta: number;
  readonly bySymbol: readonly { readonly symbol: string; readonly beta: number }[];
}

export function equalWeightIndexReturns(history: CloseMatrix, days: Int32Array): Float64Array {
  const rowOf = new Map<number, number>();
  history.days.forEach((day, row) => rowOf.set(day, row));
  const width = history.symbols.length;
  const out = new Float64Array(days.length);
  days.forEach((day, t) => {
    const row = rowOf.get(day) ?? 0;
    if (row < 1) return;
    let sum = 0;
    let count = 0;
    for (let column = 0; column < width; column += 1) {
      const now = closeAt(history, row, column);
      const before = closeAt(history, row - 1, column);
      if (Number.isFinite(now) && Number.isFinite(before) && before !== 0) {
        sum += now / before - 1;
        count += 1;
      }
    }
    out[t] = count > 0 ? sum / count : 0;
  });
  return out;
}

export function computeBeta(pnlHistory: PositionPnlHistory, history: CloseMatrix, equity: number): BetaReport {
  const index = equalWeightIndexReturns(history, pnlHistory.days);
  const portfolioReturns = pnlHistory.pnl.map((pnl) => (equity > 0 ? pnl / equity : 0));
  const portfolioBeta = regressionBeta(portfolioReturns, index);
  const bySymbol = [...pnlHistory.symbolReturns.entries()].map(([symbol, returns]) => ({ symbol, beta: regressionBeta(returns, index) })).sort((a, b) => a.symbol.localeCompare(b.symbol));
  return { observations: pnlHistory.days.length, portfolioBeta, dollarBeta: portfolioBeta * equity, bySymbol };
}
