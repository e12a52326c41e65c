import { describe, expect, it } from 'vitest';
import { AlignedMarket } from '../../../src/main/backtest/aligned-market';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { BorrowTable } from '../../../src/main/backtest/borrow-table';
import { dividendAccruals, maintenanceRequirement, overnightAccruals } from '../../../src/main/backtest/financing';
import { computeMetrics } from '../../../src/main/backtest/metrics';
import { betaToEqualWeightIndex } from '../../../src/main/backtest/run-summaries';
import type { PriceBasisPort } from '../../../src/main/engine/ports';
import { columns, flatBars, weekdays } from './market-fixtures';
import { ScriptedStrategy } from './scripted-strategy';

describe('financing', () => {
  const financing = { marginInterestRate: 0.06, shortRebateRate: 0.01, margin: { initial: 0.5, maintenanceLong: 0.25, maintenanceShort: 0.3 } };
  it('charges margin interest on the debit balance over a weekend (3 calendar days)', () => {
    // long 150 000, no shorts, cash −50 000: debit 50 000 × 6 % × 3 / 360 = 25.00
    const accruals = overnightAccruals({
      day: 10, calendarDays: 3, positions: [{ pairId: 'P', symbol: 'KO', quantity: 1_500, averageCost: 100, realizedPnl: 0 }],
      markOf: () => 100, cash: -50_000, borrow: new BorrowTable(0.01, []), financing,
    });
    expect(accruals).toEqual([{ day: 10, kind: 'margin_interest', pairId: '', symbol: '', amount: -25 }]);
  });

  it('keeps short proceeds as collateral: only cash below them is borrowed', () => {
    // short 36 000 of PEP, cash 30 000: debit 6 000 × 6 % / 360 = 1.00; borrow 36 000 × 1 % / 360 = 1.00; rebate 1.00
    const accruals = overnightAccruals({
      day: 10, calendarDays: 1, positions: [{ pairId: 'P', symbol: 'PEP', quantity: -360, averageCost: 100, realizedPnl: 0 }],
      markOf: () => 100, cash: 30_000, borrow: new BorrowTable(0.01, []), financing,
    });
    expect(accruals.map((a) => [a.kind, a.amount])).toEqual([['borrow_fee', -1], ['short_rebate', 1], ['margin_interest', -1]]);
  });

  it('dividends: longs receive, shorts pay; maintenance is 25 % long + 30 % short', () => {
    const positions = [
      { pairId: 'A', symbol: 'KO', quantity: 100, averageCost: 40, realizedPnl: 0 },
      { pairId: 'B', symbol: 'KO', quantity: -30, averageCost: 40, realizedPnl: 0 },
    ];
    expect(dividendAccruals(5, positions, () => 0.33).map((a) => a.amount)).toEqual([33, -9.9]);
    expect(maintenanceRequirement(10_000, 20_000, financing.margin)).toBe(8_500);
  });
});

describe('aligned market data', () => {
  const days = weekdays('2015-01-05', 6);
  it('forward-fills a missing close for at most the configured gap, never with zero', () => {
    const bars = flatBars(days, [10, Number.NaN, Number.NaN, Number.NaN, 14, 0]);
    const market = new AlignedMarket({ bars: new Map([['A', bars]]) }, ['A'], days[5] as number, 2, 3);
    const a = market.symbol('A');
    expect([...a.logClose].map((v) => (Number.isNaN(v) ? null : Math.round(Math.exp(v))))).toEqual([10, 10, 10, null, 14, 14]);
    expect([...a.valid]).toEqual([1, 0, 0, 0, 1, 0]); // a zero price is invalid, not a price
    expect(market.bar(a, 1)).toBeUndefined();
    expect([...a.mark]).toEqual([10, 10, 10, 10, 14, 14]);
  });

  it('refuses an unknown symbol and an empty window, naming them', () => {
    expect(() => new AlignedMarket({ bars: new Map() }, ['ZZZ'], 0, 0, 2)).toThrow(/unknown symbol ZZZ/);
    const config = parseBacktestConfig({ pairs: [{ y: 'A', x: 'B' }], from: '2016-01-01', to: '2016-02-01', capital: 1, strategy: { kind: 'zscore' } });
    const bars = flatBars(days, [1, 2, 3, 4, 5, 6]);
    expect(() => runBacktest(config, { bars: new Map([['A', bars], ['B', bars]]) })).toThrow(/no data in the window 2016-01-01..2016-02-01/);
  });
});

describe('corporate actions and the price basis in a run', () => {
  const days = weekdays('2014-06-02', 5);
  const [d0, , d2] = days as [number, number, number, number, number];
  const config = parseBacktestConfig({
    pairs: [{ y: 'AAPL', x: 'MSFT' }], from: '2014-06-02', to: '2014-06-06', capital: 100_000,
    strategy: { kind: 'zscore', lookback: 3, entry: 2, exit: 0.5, stop: 4 },
    sizing: { method: 'fixed_fraction', fraction: 0.2, legs: 'beta_neutral' },
    costs: { commission: { kind: 'per_share', perShare: 0.01, minimum: 0 }, secFee: { kind: 'none' }, finraTaf: { kind: 'none' }, slippageBps: 0, impact: { coefficient: 0 }, borrow: { generalCollateralRate: 0 }, marginInterestRate: 0 },
  });

  it('a split while a position is open rescales it on the split date (raw basis)', () => {
    // raw AAPL 700 → 100 after a 7:1 split effective D2; 10 000 / 700 = 14 shares → 98 shares
    const aapl = columns(days, [[700, 700, 700, 700, 1e6], [700, 700, 700, 700, 1e6], [100, 100, 100, 100, 1e6], [100, 100, 100, 100, 1e6], [100, 100, 100, 100, 1e6]]);
    const msft = flatBars(days, [40, 40, 40, 40, 40]);
    const result = runBacktest(config, { bars: new Map([['AAPL', aapl], ['MSFT', msft]]), actions: new Map([['AAPL', [{ day: d2, kind: 'split' as const, ratio: 7 }]]]) }, { strategyFactory: () => new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }]])) });
    expect(result.positions.find((p) => p.symbol === 'AAPL')).toMatchObject({ quantity: 98, averageCost: 100 });
    // prices do not move (raw 700 → 100 is the split): equity is capital less the two commissions from D1 on
    expect(result.equity.slice(1).map((row) => row.equity)).toEqual(Array(4).fill(expect.closeTo(100_000 - 14 * 0.01 - 250 * 0.01, 9)));
  });

  it('per-share costs use the traded shares from the price-basis port (split-adjusted history)', () => {
    // stored split-adjusted AAPL at 100 = 700 traded. The leg's $10,000 buys ⌊10,000 / 700⌋ = 14
    // traded shares = 98 stored ones. (This test used to expect 100 stored = 14.2857… traded
    // shares: sizing rounded lots in stored shares, the fractional-share bug; lots are now
    // whole traded shares.) Commission 14 × $0.01 = $0.14.
    const aapl = flatBars(days, [100, 100, 100, 100, 100]);
    const msft = flatBars(days, [40, 40, 40, 40, 40]);
    const basis: PriceBasisPort = {
      tradedPrice: (symbol, _day, price) => (symbol === 'AAPL' ? price * 7 : price),
      tradedShares: (symbol, _day, shares) => (symbol === 'AAPL' ? shares / 7 : shares),
    };
    const result = runBacktest(config, { bars: new Map([['AAPL', aapl], ['MSFT', msft]]), priceBasis: basis, warnings: ['MSFT: no known actions, taken as traded'] }, { strategyFactory: () => new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }]])) });
    const fill = result.fills.find((f) => f.symbol === 'AAPL');
    expect(fill).toMatchObject({ quantity: 98, price: 100, tradedQuantity: 14, tradedPrice: 700 });
    expect(fill?.costs.commission).toBe(0.14);
    expect(result.warnings).toEqual(['MSFT: no known actions, taken as traded']);
  });
});

describe('beta to the equal-weight universe', () => {
  it('is cov(run, index) / var(index) (hand-computed: returns twice the index → 2)', () => {
    const days = weekdays('2015-01-05', 3);
    const a = flatBars(days, [10, 11, 12.1]);
    const b = flatBars(days, [20, 22, 24.2]);
    const market = new AlignedMarket({ bars: new Map([['A', a], ['B', b]]) }, ['A', 'B'], days[2] as number, 0, 2);
    // index returns 0, 0.1, 0.1; run returns 0, 0.2, 0.2
    const rows = [100, 120, 144].map((equity, i) => ({ day: days[i] as number, cash: equity, marketValue: 0, equity, realizedPnl: 0, unrealizedPnl: 0, costs: 0, accruals: 0 }));
    expect(betaToEqualWeightIndex(market, ['A', 'B'], rows, 100)).toBeCloseTo(2, 12);
    expect(betaToEqualWeightIndex(market, ['A', 'B'], rows.slice(0, 1), 100)).toBe(0);
  });
});

describe('metrics', () => {
  it('computes returns, drawdown and tail numbers from the equity rows (hand-computed)', () => {
    const rows = [110, 99, 99, 121].map((equity, i) => ({ day: i, cash: equity, marketValue: 0, equity, realizedPnl: 0, unrealizedPnl: 0, costs: 0, accruals: 0 }));
    const m = computeMetrics({ capital: 100, rows, trades: [{ netPnl: 10 }, { netPnl: -5 }, { netPnl: 20 }], tradedNotional: 200, daysWithPosition: 2, riskFreeRate: 0 });
    // returns 0.10, −0.10, 0, 0.2222…; max drawdown 1 − 99/110 = 0.1 lasting 2 days
    expect(m.totalReturn).toBeCloseTo(0.21, 12);
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.maxDrawdownDuration).toBe(2);
    expect(m.var95).toBeCloseTo(0.1, 12); // sorted[floor(0.05 × 4)] = sorted[0] = −0.10
    expect(m.cvar95).toBeCloseTo(0.1, 12);
    expect(m.hitRate).toBeCloseTo(2 / 3, 12);
    expect(m.profitFactor).toBe(6);
    expect(m.averageTrade).toBeCloseTo(25 / 3, 12);
    expect(m.exposure).toBe(0.5);
    expect(m.cagr).toBeCloseTo(Math.pow(1.21, 252 / 4) - 1, 6);
    const mean = (0.1 - 0.1 + 0 + 2 / 9) / 4;
    expect(m.sharpe).toBeGreaterThan(0);
    expect(m.volatility).toBeCloseTo(Math.sqrt([0.1, -0.1, 0, 2 / 9].reduce((s, r) => s + (r - mean) ** 2, 0) / 3) * Math.sqrt(252), 9);
    expect(computeMetrics({ capital: 100, rows: [], trades: [], tradedNotional: 0, daysWithPosition: 0, riskFreeRate: 0 })).toMatchObject({ totalReturn: 0, sharpe: 0, profitFactor: 0, trades: 0 });
  });
});
