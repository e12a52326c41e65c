import type { EpochDay } from '../../core/time/epoch-day';
import type { EquityPoint, MarkedPosition } from './risk-inputs';

/**
 * Daily P&L and drawdown of the account from its equity history. P&L of a day is
 * E_t − E_{t−1} (the first point has none); the drawdown is 1 − E_t / max(E_0..E_t), the
 * fraction below the running peak, and in dollars max(E_0..E_t) − E_t.
 */

export interface PnlPoint {
  readonly day: EpochDay;
  readonly equity: number;
  readonly pnl: number;
  readonly cumulativePnl: number;
  readonly drawdown: number;
  readonly drawdownDollars: number;
}

export interface PnlReport {
  readonly points: readonly PnlPoint[];
  readonly totalPnl: number;
  readonly maxDrawdown: number;
  readonly maxDrawdownDollars: number;
  readonly currentDrawdown: number;
  /** Σ quantity × (last − average price) of the open positions. */
  readonly unrealizedPnl: number;
}

export function computePnlAndDrawdown(history: readonly EquityPoint[], positions: readonly MarkedPosition[]): PnlReport {
  const first = history[0]?.equity ?? 0;
  let previous = first;
  let peak = Number.NEGATIVE_INFINITY;
  let maxDrawdown = 0;
  let maxDrawdownDollars = 0;
  const points = history.map((point, index): PnlPoint => {
    peak = Math.max(peak, point.equity);
    const drawdown = peak > 0 ? 1 - point.equity / peak : 0;
    const drawdownDollars = peak - point.equity;
    maxDrawdown = Math.max(maxDrawdown, drawdown);
    maxDrawdownDollars = Math.max(maxDrawdownDollars, drawdownDollars);
    const pnl = index === 0 ? 0 : point.equity - previous;
    previous = point.equity;
    return { day: point.day, equity: point.equity, pnl, cumulativePnl: point.equity - first, drawdown, drawdownDollars };
  });
  const last = points[points.length - 1];
  return {
    points,
    totalPnl: last?.cumulativePnl ?? 0,
    maxDrawdown,
    maxDrawdownDollars,
    currentDrawdown: last?.drawdown ?? 0,
    unrealizedPnl: positions.reduce((sum, position) => sum + position.unrealizedPnl, 0),
  };
}
