import type { EpochDay } from '../../core/time/epoch-day';
import type { EquityPoint } from './risk-inputs';

/**
 * Rolling Sharpe and Sortino of the account (audit 5.2), on the backtest's conventions
 * (backtest/metrics.ts): simple daily returns r_t = E_t / E_{t−1} − 1, rf/252 a day,
 * Sharpe = (mean − rf/252) / sd(ddof 1) · √252, Sortino = (mean − rf/252) /
 * √(mean(min(0, r − rf/252)²)) · √252. Each point uses the `window` returns ending on its day;
 * earlier days have none (null), and so does a window whose denominator is 0.
 */

export interface RollingPoint {
  readonly day: EpochDay;
  readonly sharpe: number | null;
  readonly sortino: number | null;
}

export interface PerformanceFloors {
  readonly sharpe?: number;
  readonly sortino?: number;
}

export interface FloorBreach {
  readonly metric: 'sharpe' | 'sortino';
  readonly value: number;
  readonly floor: number;
  readonly day: EpochDay;
}

const TRADING_DAYS = 252;

export function rollingSharpeSortino(history: readonly EquityPoint[], window: number, riskFreeRate = 0): RollingPoint[] {
  const dailyRf = riskFreeRate / TRADING_DAYS;
  const returns: number[] = [];
  for (let t = 1; t < history.length; t += 1) {
    const before = (history[t - 1] as EquityPoint).equity;
    returns.push(before !== 0 ? (history[t] as EquityPoint).equity / before - 1 : 0);
  }
  const points: RollingPoint[] = [];
  for (let t = 1; t < history.length; t += 1) {
    const day = (history[t] as EquityPoint).day;
    if (t < window || window < 2) {
      points.push({ day, sharpe: null, sortino: null });
      continue;
    }
    const slice = returns.slice(t - window, t);
    const mean = slice.reduce((sum, r) => sum + r, 0) / window;
    const std = Math.sqrt(slice.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (window - 1));
    const downside = Math.sqrt(slice.reduce((sum, r) => sum + Math.min(0, r - dailyRf) ** 2, 0) / window);
    points.push({
      day,
      sharpe: std > 0 ? ((mean - dailyRf) / std) * Math.sqrt(TRADING_DAYS) : null,
      sortino: downside > 0 ? ((mean - dailyRf) / downside) * Math.sqrt(TRADING_DAYS) : null,
    });
  }
  return points;
}

/** The latest point's metrics below their configured floors (none when unset or not computable). */
export function checkPerformanceFloors(points: readonly RollingPoint[], floors: PerformanceFloors): FloorBreach[] {
  const latest = points[points.length - 1];
  if (latest === undefined) return [];
  const breaches: FloorBreach[] = [];
  for (const metric of ['sharpe', 'sortino'] as const) {
    const floor = floors[metric];
    const value = latest[metric];
    if (floor !== undefined && value !== null && value < floor) breaches.push({ metric, value, floor, day: latest.day });
  }
  return breaches;
}
