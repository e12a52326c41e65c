import { describe, expect, it } from 'vitest';
import { alignEquityCurves, comparisonRows, type ComparedRun } from '../../../../src/renderer/features/backtest/run-comparison-model';
import { formatMetric, metricValues } from '../../../../src/renderer/features/backtest/metric-format';

const runA: ComparedRun = {
  label: 'Run 1',
  capital: 1_000_000,
  metrics: { totalReturn: 0.1, sharpe: 1.2, maxDrawdown: 0.08, profitFactor: Number.POSITIVE_INFINITY, trades: 12, volatility: 0.04409 },
  equity: [
    { date: '2014-02-10', equity: 1_000_000 },
    { date: '2014-02-12', equity: 1_100_000 },
  ],
};
const runB: ComparedRun = {
  label: 'Run 2',
  capital: 500_000,
  metrics: { totalReturn: 0.05, sharpe: 1.5, maxDrawdown: 0.08, profitFactor: 1.8, trades: 20, volatility: 0.0441 },
  equity: [
    { date: '2014-02-11', equity: 510_000 },
    { date: '2014-02-12', equity: 525_000 },
  ],
};

describe('two runs compared', () => {
  it('shows both values, the difference b − a and which run is better by each metric’s own direction', () => {
    const rows = Object.fromEntries(comparisonRows(runA, runB).map((row) => [row.key, row]));
    expect(rows['totalReturn']).toMatchObject({ a: '10.00%', b: '5.00%', difference: '-5.00%', better: 'a' });
    expect(rows['sharpe']).toMatchObject({ a: '1.20', b: '1.50', difference: '+0.30', better: 'b' });
    // Lower is better for drawdown; equal is "same".
    expect(rows['maxDrawdown']).toMatchObject({ better: 'same', difference: '0.00%' });
    // No losing trade: an infinite profit factor beats any finite one, with no difference shown.
    expect(rows['profitFactor']).toMatchObject({ a: '∞', b: '1.80', difference: '—', better: 'a' });
    // 4.41% both ways: no side is better by a difference the table cannot show.
    expect(rows['volatility']).toMatchObject({ a: '4.41%', b: '4.41%', better: 'same' });
    // A count has no better side.
    expect(rows['trades']).toMatchObject({ a: '12', b: '20', difference: '+8', better: null });
    // Metrics neither run has are not listed.
    expect(rows['sortino']).toBeUndefined();
  });

  it('puts both equity curves on one date axis as cumulative returns, gaps left null', () => {
    const curves = alignEquityCurves(runA, runB);
    expect(curves.dates).toEqual(['2014-02-10', '2014-02-11', '2014-02-12']);
    expect(curves.a.slice(0, 2)).toEqual([0, null]);
    expect(curves.a[2]).toBeCloseTo(0.1, 12);
    expect(curves.b[0]).toBeNull();
    expect(curves.b[1]).toBeCloseTo(0.02, 12);
    expect(curves.b[2]).toBeCloseTo(0.05, 12);
  });
});

describe('metric formatting', () => {
  it('marks missing and non-finite values instead of printing a number', () => {
    expect(formatMetric(null, 'ratio')).toBe('—');
    expect(formatMetric(Number.NaN, 'percent')).toBe('—');
    expect(formatMetric(Number.NEGATIVE_INFINITY, 'ratio')).toBe('−∞');
    expect(formatMetric(-1234.5, 'money')).toBe('-$1,234.50');
    expect(formatMetric(37, 'days')).toBe('37 d');
  });
});

describe('metric values from the wire', () => {
  it('reads the profit factor’s "inf" (no losing trade) as Infinity and keeps every other number', () => {
    const metrics = {
      totalReturn: 0.1, cagr: 0.02, volatility: 0.05, sharpe: 1, sortino: 1.5, calmar: 0.5, maxDrawdown: 0.04, maxDrawdownDuration: 30,
      var95: 0.01, cvar95: 0.015, var99: 0.02, cvar99: 0.025, hitRate: 1, profitFactor: 'inf' as const, averageTrade: 100, trades: 3,
      turnover: 2, exposure: 0.3, days: 1000, betaToUniverse: 0.1, riskFreeRate: 0, finalEquity: 1_100_000,
    };
    const values = metricValues(metrics);
    expect(values['profitFactor']).toBe(Number.POSITIVE_INFINITY);
    expect(values['finalEquity']).toBe(1_100_000);
    expect(metricValues({ ...metrics, profitFactor: 1.7 })['profitFactor']).toBe(1.7);
  });
});
