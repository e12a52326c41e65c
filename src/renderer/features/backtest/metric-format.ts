/**
 * How each headline metric is named and shown, one table for the tear sheet, the comparison
 * and the run list. The definitions are the engine's (src/main/backtest/metrics.ts); VaR, CVaR
 * and max drawdown are positive losses there, so lower is better for them.
 */

import { assertNever } from '../../../shared/ipc/errors';
import type { BacktestMetrics } from '../../../shared/ipc/sections/backtest';

export type MetricFormat = 'percent' | 'ratio' | 'money' | 'days' | 'count';

export interface MetricDefinition {
  readonly key: string;
  readonly label: string;
  readonly format: MetricFormat;
  /** Which way is better when two runs are compared; null when neither is. */
  readonly better: 'higher' | 'lower' | null;
}

export const METRICS: readonly MetricDefinition[] = [
  { key: 'totalReturn', label: 'Total return', format: 'percent', better: 'higher' },
  { key: 'cagr', label: 'CAGR', format: 'percent', better: 'higher' },
  { key: 'volatility', label: 'Volatility (annual)', format: 'percent', better: 'lower' },
  { key: 'sharpe', label: 'Sharpe', format: 'ratio', better: 'higher' },
  { key: 'sortino', label: 'Sortino', format: 'ratio', better: 'higher' },
  { key: 'calmar', label: 'Calmar', format: 'ratio', better: 'higher' },
  { key: 'maxDrawdown', label: 'Max drawdown', format: 'percent', better: 'lower' },
  { key: 'maxDrawdownDuration', label: 'Max drawdown duration', format: 'days', better: 'lower' },
  { key: 'var95', label: 'VaR 95%', format: 'percent', better: 'lower' },
  { key: 'cvar95', label: 'CVaR 95%', format: 'percent', better: 'lower' },
  { key: 'var99', label: 'VaR 99%', format: 'percent', better: 'lower' },
  { key: 'cvar99', label: 'CVaR 99%', format: 'percent', better: 'lower' },
  { key: 'hitRate', label: 'Hit rate', format: 'percent', better: 'higher' },
  { key: 'profitFactor', label: 'Profit factor', format: 'ratio', better: 'higher' },
  { key: 'averageTrade', label: 'Average trade', format: 'money', better: 'higher' },
  { key: 'trades', label: 'Round trips', format: 'count', better: null },
  { key: 'turnover', label: 'Turnover (annual)', format: 'ratio', better: null },
  { key: 'exposure', label: 'Exposure', format: 'percent', better: null },
  { key: 'betaToUniverse', label: 'Beta to universe', format: 'ratio', better: null },
  { key: 'days', label: 'Trading days', format: 'count', better: null },
];

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** One metric value as text; null, NaN and ±Infinity get their own marks, never a fake number. */
export function formatMetric(value: number | null | undefined, format: MetricFormat): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (value === Number.NEGATIVE_INFINITY) return '−∞';
  switch (format) {
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
    case 'ratio':
      return value.toFixed(2);
    case 'money':
      return money.format(value);
    case 'days':
      return `${count.format(value)} d`;
    case 'count':
      return count.format(value);
    default:
      return assertNever(format, 'metric format');
  }
}

/** Dollars with cents: "$1,234.50", "−$12.00". */
export function formatMoney(value: number): string {
  return money.format(value);
}

/** The wire's profit factor is 'inf' with no losing trade; the page's numbers are plain. */
export function metricValues(metrics: BacktestMetrics): Record<string, number> {
  const { profitFactor, ...rest } = metrics;
  return { ...rest, profitFactor: profitFactor === 'inf' ? Number.POSITIVE_INFINITY : profitFactor };
}
