import { describe, expect, it } from 'vitest';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { sampleBars } from './sample-bars';

const example = {
  pairs: [{ y: 'KO', x: 'PEP' }], from: '2014-02-10', to: '2018-02-07', capital: 1000000,
  strategy: { kind: 'zscore', lookback: 60, entry: 2.0, exit: 0.5, stop: 4.0 },
  fill: 'next_open', costs: 'none',
};

describe('the issue 13 example on the bundled sample', () => {
  const bars = new Map([['KO', sampleBars('KO')], ['PEP', sampleBars('PEP')]]);

  it('runs with everything else at its default, fills at the stored open, and reconciles every day', () => {
    const result = runBacktest(parseBacktestConfig(example), { bars });
    expect(result.fills.length).toBeGreaterThan(0);
    for (const fill of result.fills) {
      const series = bars.get(fill.symbol);
      const index = series?.days.indexOf(fill.fillDay) ?? -1;
      expect(fill.price).toBe(series?.open[index]);
      expect(Object.values(fill.costs).every((cost) => cost === 0)).toBe(true);
      expect(fill.fillDay).toBeGreaterThan(fill.signalDay);
    }
    for (const row of result.equity) {
      expect(Math.abs(1_000_000 + row.realizedPnl + row.unrealizedPnl - row.costs + row.accruals - row.equity)).toBeLessThan(1e-6);
      expect(Math.abs(row.cash + row.marketValue - row.equity)).toBeLessThan(1e-6);
    }
    expect(result.equity[0]?.day).toBe(epochDayFromIso('2014-02-10'));
    expect(result.fills.every((fill) => fill.signalDay >= epochDayFromIso('2014-02-10'))).toBe(true);
    const counted = [...Object.values(result.decisionCounts), ...Object.values(result.noDecisionCounts)].reduce((a, b) => a + b, 0);
    expect(counted).toBe(result.equity.length + (result.noDecisionCounts.warmup ?? 0));
  });

  it('the default cost model charges every kind and still reconciles', () => {
    const { costs: _none, ...withDefaults } = example;
    const result = runBacktest(parseBacktestConfig(withDefaults), { bars });
    expect(result.costsByKind.commission).toBeGreaterThan(0);
    expect(result.costsByKind.secFee).toBeGreaterThan(0);
    expect(result.costsByKind.finraTaf).toBeGreaterThan(0);
    expect(result.costsByKind.slippage).toBeGreaterThan(0);
    expect(result.costsByKind.impact).toBeGreaterThan(0);
    expect(result.accrualsByKind.borrow_fee).toBeLessThan(0);
    const last = result.equity[result.equity.length - 1];
    expect(last && Math.abs(1_000_000 + last.realizedPnl + last.unrealizedPnl - last.costs + last.accruals - last.equity)).toBeLessThan(1e-6);
  });
});
