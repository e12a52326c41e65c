import type { CloseMatrix } from '../../core/market/series';
import { closeAt, columnIndex, type MarkedPosition } from './risk-inputs';

/**
 * The hypothetical daily P&L of today's positions over past days: on day t,
 * P&L_t = Σ_i MV_i · (c_i,t / c_i,t−1 − 1), MV_i today's market value of position i. This is
 * the series historical VaR, the bootstrap and the pair correlations are computed from (the
 * positions held fixed, the history replayed through them), so it never looks ahead of the
 * stored closes. A day counts only when every held symbol has a close on it and on the row
 * before; otherwise it is skipped (and counted) rather than filled with a zero return, which
 * would shrink the tail.
 */

export interface PositionPnlHistory {
  /** Day t of each P&L (ascending). */
  readonly days: Int32Array;
  /** Portfolio P&L in dollars. */
  readonly pnl: Float64Array;
  /** Per pair: P&L of that pair's legs on the same days. */
  readonly byPair: ReadonlyMap<string, Float64Array>;
  /** Per held symbol: its simple return on the same days. */
  readonly symbolReturns: ReadonlyMap<string, Float64Array>;
  readonly skippedDays: number;
}

/** Uses the last `window` usable days (all of them when window is absent). */
export function positionPnlHistory(positions: readonly MarkedPosition[], history: CloseMatrix, window?: number): PositionPnlHistory {
  const columns = columnIndex(history);
  const symbols = [...new Set(positions.map((position) => position.symbol))];
  const symbolColumns = symbols.map((symbol) => columns.get(symbol) ?? -1);
  const usableRows: number[] = [];
  let skippedDays = 0;
  for (let row = 1; row < history.days.length; row += 1) {
    const ok = symbolColumns.every((column) => column >= 0 && Number.isFinite(closeAt(history, row, column)) && Number.isFinite(closeAt(history, row - 1, column)));
    if (ok) usableRows.push(row);
    else skippedDays += 1;
  }
  const rows = window !== undefined && window < usableRows.length ? usableRows.slice(usableRows.length - window) : usableRows;
  const n = rows.length;
  const days = new Int32Array(n);
  const symbolReturns = new Map<string, Float64Array>();
  symbols.forEach((symbol, k) => {
    const column = symbolColumns[k] ?? -1;
    const returns = new Float64Array(n);
    rows.forEach((row, t) => {
      returns[t] = closeAt(history, row, column) / closeAt(history, row - 1, column) - 1;
    });
    symbolReturns.set(symbol, returns);
  });
  rows.forEach((row, t) => {
    days[t] = history.days[row] ?? 0;
  });
  const pnl = new Float64Array(n);
  const byPair = new Map<string, Float64Array>();
  for (const position of positions) {
    const returns = symbolReturns.get(position.symbol) ?? new Float64Array(n);
    const pair = byPair.get(position.pairId) ?? new Float64Array(n);
    for (let t = 0; t < n; t += 1) {
      const value = position.marketValue * (returns[t] as number);
      pnl[t] = (pnl[t] as number) + value;
      pair[t] = (pair[t] as number) + value;
    }
    byPair.set(position.pairId, pair);
  }
  return { days, pnl, byPair, symbolReturns, skippedDays };
}
