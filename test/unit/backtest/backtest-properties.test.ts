import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { OhlcvColumns } from '../../../src/main/core/market/series';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { runBacktest, type BacktestResult } from '../../../src/main/backtest/backtest-runner';
import { sideSign } from '../../../src/main/engine/domain';
import { cointegratedPair, prng, weekdays } from './market-fixtures';

const DAYS = 110;
const days = weekdays('2015-01-05', DAYS);

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  noise: fc.double({ min: 0.005, max: 0.05, noNaN: true }),
  volume: fc.constantFrom(3_000, 20_000, 2_000_000),
  lookback: fc.integer({ min: 5, max: 30 }),
  entry: fc.double({ min: 1, max: 2.5, noNaN: true }),
  exitBand: fc.double({ min: 0, max: 0.9, noNaN: true }),
  stopGap: fc.double({ min: 0.2, max: 2, noNaN: true }),
  fill: fc.constantFrom('next_open', 'next_close', 'vwap_proxy'),
  costs: fc.oneof(
    fc.constant('none' as const),
    fc.record({
      slippageBps: fc.double({ min: 0, max: 20, noNaN: true }),
      impact: fc.record({ coefficient: fc.double({ min: 0, max: 1, noNaN: true }), window: fc.integer({ min: 2, max: 30 }) }),
      marginInterestRate: fc.double({ min: 0, max: 0.1, noNaN: true }),
      shortRebateRate: fc.double({ min: 0, max: 0.03, noNaN: true }),
      borrow: fc.record({ generalCollateralRate: fc.double({ min: 0, max: 0.3, noNaN: true }) }),
    }),
  ),
  policy: fc.constantFrom('retry', 'hedge', 'unwind'),
  participationRate: fc.double({ min: 0.01, max: 1, noNaN: true }),
  fraction: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
  orderType: fc.constantFrom('MARKET', 'LIMIT'),
  holes: fc.double({ min: 0, max: 0.1, noNaN: true }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function withHoles(bars: OhlcvColumns, rate: number, seed: number): OhlcvColumns {
  const random = prng(seed);
  const close = Float64Array.from(bars.close);
  const open = Float64Array.from(bars.open);
  for (let i = 0; i < close.length; i++) {
    if (random() < rate) {
      close[i] = Number.NaN;
      open[i] = Number.NaN;
    }
  }
  return { ...bars, open, close };
}

function build(s: Scenario, lotSize = 1) {
  const pairA = cointegratedPair(days, s.seed, { volume: s.volume, noise: s.noise });
  const pairB = cointegratedPair(days, s.seed + 1, { volume: s.volume, noise: s.noise });
  const bars = new Map<string, OhlcvColumns>([
    ['AAA', withHoles(pairA.y, s.holes, s.seed + 2)],
    ['BBB', pairA.x],
    ['CCC', withHoles(pairB.y, s.holes, s.seed + 3)],
  ]);
  const config = parseBacktestConfig({
    pairs: [{ y: 'AAA', x: 'BBB' }, { y: 'CCC', x: 'BBB' }],
    from: formatIsoDate(days[35] as number),
    to: formatIsoDate(days[DAYS - 1] as number),
    capital: 1_000_000,
    strategy: { kind: 'zscore', lookback: s.lookback, entry: s.entry, exit: Math.min(s.exitBand, s.entry - 0.1), stop: s.entry + s.stopGap },
    fill: s.fill,
    costs: s.costs,
    legRisk: { policy: s.policy, maxRetries: 1 },
    execution: { participationRate: s.participationRate, orderType: s.orderType },
    sizing: { method: 'fixed_fraction', fraction: s.fraction, lotSize },
    risk: { maxSymbolExposure: 2, maxNetExposure: 2 },
  });
  return { config, data: { bars } };
}

function identityGap(result: BacktestResult): number {
  let worst = 0;
  for (const row of result.equity) {
    worst = Math.max(
      worst,
      Math.abs(result.config.capital + row.realizedPnl + row.unrealizedPnl - row.costs + row.accruals - row.equity),
      Math.abs(row.cash + row.marketValue - row.equity),
    );
  }
  return worst;
}

describe('backtest properties', () => {
  it('the ledger reconciles at every bar, fills sum to positions, fees are ≥ 0, every pair-day is counted', () => {
    let runsWithFills = 0;
    let runsWithCosts = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const { config, data } = build(s);
        const result = runBacktest(config, data);
        if (result.fills.length > 0) runsWithFills++;
        if (result.equity.some((row) => row.costs > 0 || row.accruals !== 0)) runsWithCosts++;
        expect(identityGap(result)).toBeLessThan(1e-6);
        const net = new Map<string, number>();
        for (const fill of result.fills) {
          const key = `${fill.pairId}|${fill.symbol}`;
          net.set(key, (net.get(key) ?? 0) + sideSign(fill.side) * fill.quantity);
          for (const value of Object.values(fill.costs)) expect(value).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(fill.quantity) && fill.quantity > 0).toBe(true);
        }
        for (const position of result.positions) expect(net.get(`${position.pairId}|${position.symbol}`)).toBe(position.quantity);
        for (const [key, quantity] of net) if (quantity !== 0) expect(result.positions.some((p) => `${p.pairId}|${p.symbol}` === key)).toBe(true);
        const counted = [...Object.values(result.decisionCounts), ...Object.values(result.noDecisionCounts)].reduce((a, b) => a + b, 0);
        expect(counted).toBe(config.pairs.length * DAYS);
        expect(result.equity).toHaveLength(DAYS - 35);
      }),
      { numRuns: 40 },
    );
    // The generator must exercise trading, not only flat books.
    expect(runsWithFills).toBeGreaterThan(20);
    expect(runsWithCosts).toBeGreaterThan(5);
  });

  it('no look-ahead: changing any data after bar t changes nothing up to t', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 36, max: DAYS - 3 }), fc.integer({ min: 1, max: 1_000 }), (s, t, noiseSeed) => {
        const { config, data } = build(s);
        const random = prng(noiseSeed);
        const changed = new Map<string, OhlcvColumns>();
        for (const [symbol, bars] of data.bars) {
          const scale = (column: Float64Array): Float64Array => Float64Array.from(column, (v, i) => (i > t ? v * (0.5 + random()) : v));
          changed.set(symbol, { ...bars, open: scale(bars.open), high: scale(bars.high), low: scale(bars.low), close: scale(bars.close), volume: scale(bars.volume) });
        }
        const before = runBacktest(config, data);
        const after = runBacktest(config, { bars: changed });
        const cutoff = days[t] as number;
        const upTo = <T extends { day: number }>(rows: readonly T[]) => rows.filter((row) => row.day <= cutoff);
        expect(upTo(after.equity)).toEqual(upTo(before.equity));
        expect(after.fills.filter((f) => f.fillDay <= cutoff)).toEqual(before.fills.filter((f) => f.fillDay <= cutoff));
        const decided = (result: BacktestResult) =>
          result.orders.filter((o) => o.decidedOn <= cutoff).map((o) => [o.id, o.symbol, o.side, o.quantity, o.type, o.limitPrice, o.forSession, o.decidedOn]);
        expect(decided(after)).toEqual(decided(before));
        expect(upTo(after.accruals)).toEqual(upTo(before.accruals));
        expect(after.events.filter((e) => e.day <= cutoff)).toEqual(before.events.filter((e) => e.day <= cutoff));
      }),
      { numRuns: 25 },
    );
  });

  it('NaN bars: no order is decided and nothing fills on a day a leg is missing, and the day is counted', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { config, data } = build({ ...s, holes: Math.max(s.holes, 0.05) });
        const result = runBacktest(config, data);
        const missing = (symbol: string, day: number): boolean => {
          const bars = data.bars.get(symbol);
          const index = days.indexOf(day);
          return bars !== undefined && Number.isNaN(bars.close[index] as number);
        };
        for (const fill of result.fills) expect(missing(fill.symbol, fill.fillDay)).toBe(false);
        // Strategy decisions (first attempts of entries and exits; leg-risk follow-ups and
        // liquidations are the order manager's, not a decision on that day's bars).
        const decided = result.orders.filter((o) => /^(entry_long|entry_short|exit|stop|time_stop) /.test(o.history[0]?.reason ?? '') && /[xy]1$/.test(o.id));
        for (const order of decided) {
          const [y, x] = order.pairId.split('/') as [string, string];
          expect(missing(y, order.decidedOn) || missing(x, order.decidedOn)).toBe(false);
        }
        const legMissing = result.events.filter((e) => e.kind === 'leg_missing');
        expect(result.noDecisionCounts.leg_missing ?? 0).toBe(legMissing.length);
        for (const event of legMissing) expect(missing(event.detail, event.day)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('a leg with no valid bar in the window never trades, and every day says why', () => {
    const { config, data } = build({ seed: 5, noise: 0.03, volume: 2_000_000, lookback: 10, entry: 1, exitBand: 0.2, stopGap: 2, fill: 'next_open', costs: 'none', policy: 'retry', participationRate: 0.5, fraction: 0.2, orderType: 'MARKET', holes: 0 });
    const broken = data.bars.get('AAA');
    if (broken === undefined) throw new Error('fixture');
    const nan = new Float64Array(DAYS).fill(Number.NaN);
    data.bars.set('AAA', { ...broken, close: nan, open: nan });
    const result = runBacktest(config, data);
    expect(result.fills.filter((f) => f.pairId === 'AAA/BBB')).toEqual([]);
    // 75 trading days from `from`, the last one is "last_day": 74 leg_missing days for the broken pair
    expect(result.events.filter((e) => e.kind === 'leg_missing' && e.pairId === 'AAA/BBB')).toHaveLength(DAYS - 35 - 1);
  });

  it('on a split-adjusted basis every fill trades whole shares, and the ledger still reconciles', () => {
    // Each symbol stored split-adjusted with one split of k:1 on a random day: before it, one
    // traded share is k stored ones (φ = 1/k), from it on φ = 1. Sizing, partial fills
    // (participation) and hedges must all come out in whole traded shares.
    let runsWithFills = 0;
    fc.assert(
      fc.property(scenario, fc.constantFrom(1, 10, 100), fc.array(fc.record({ k: fc.constantFrom(1, 2, 3, 4, 7, 10), at: fc.integer({ min: 0, max: DAYS - 1 }) }), { minLength: 3, maxLength: 3 }), (s, lotSize, splits) => {
        const { config, data } = build(s, lotSize);
        const split = new Map(['AAA', 'BBB', 'CCC'].map((symbol, i) => [symbol, splits[i] ?? { k: 1, at: 0 }]));
        const phi = (symbol: string, day: number): number => {
          const entry = split.get(symbol);
          return entry === undefined || day >= (days[entry.at] as number) ? 1 : 1 / entry.k;
        };
        const priceBasis = { tradedPrice: (symbol: string, day: number, price: number) => price / phi(symbol, day), tradedShares: (symbol: string, day: number, shares: number) => shares * phi(symbol, day) };
        const result = runBacktest(config, { ...data, priceBasis });
        if (result.fills.length > 0) runsWithFills++;
        expect(identityGap(result)).toBeLessThan(1e-6);
        for (const fill of result.fills) {
          expect(Number.isInteger(fill.quantity) && fill.quantity > 0).toBe(true);
          expect(Number.isInteger(fill.tradedQuantity), `${fill.symbol} traded ${fill.tradedQuantity}`).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
    expect(runsWithFills).toBeGreaterThan(10);
  });
});
