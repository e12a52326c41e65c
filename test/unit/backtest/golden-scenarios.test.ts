import { describe, expect, it } from 'vitest';
import { parseBacktestConfig, type BacktestConfigInput } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { columns, flatBars, weekdays, type BarRow } from './market-fixtures';
import { ScriptedStrategy } from './scripted-strategy';

/*
 * Five sessions D0 … D4 (Mon 2014-06-02 … Fri), no costs unless said, capital 100 000,
 * fraction 0.2, β = 1: the long-spread entry at the D0 closes is 100 KO (at 100) and
 * 200 PEP (at 50), filled at the D1 opens.
 *        D0    D1 open/close   D2 open/close   D3    D4
 *   KO   100   101 / 102       103 / 103       104   104
 *   PEP  50    49 / 50         50 / 50         48    48
 */
const days = weekdays('2014-06-02', 5);
const [d0, d1, d2, d3] = days as [number, number, number, number, number];
const big = 1_000_000;
function ko(d1Volume = big): BarRow[] {
  return [
    [100, 100, 100, 100, big],
    [101, 102, 101, 102, d1Volume],
    [103, 103, 103, 103, big],
    [104, 104, 104, 104, big],
    [104, 104, 104, 104, big],
  ];
}
const pep: BarRow[] = [
  [50, 50, 50, 50, big],
  [49, 50, 49, 50, big],
  [50, 50, 50, 50, big],
  [48, 48, 48, 48, big],
  [48, 48, 48, 48, big],
];
function data(koRows: BarRow[] = ko(), pepRows: BarRow[] = pep) {
  return { bars: new Map([['KO', columns(days, koRows)], ['PEP', columns(days, pepRows)]]) };
}
function config(extra: Partial<BacktestConfigInput> = {}) {
  return parseBacktestConfig({
    pairs: [{ y: 'KO', x: 'PEP' }], from: '2014-06-02', to: '2014-06-06', capital: 100_000,
    strategy: { kind: 'zscore', lookback: 3, entry: 2, exit: 0.5, stop: 4 },
    sizing: { method: 'fixed_fraction', fraction: 0.2, legs: 'beta_neutral' },
    costs: 'none', ...extra,
  });
}
const enterLongD0 = () => new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }]]));
const fillsOf = (result: ReturnType<typeof runBacktest>) => result.fills.map((f) => [f.fillDay, f.symbol, f.side, f.quantity, f.price]);

describe('golden: partial fills and one-legged fills, each leg-risk policy', () => {
  it('a partial fill capped by participation, retried next session (retry)', () => {
    // D1 KO volume 600 × 10 % = 60 of 100 shares; the other 40 expire, are retried and fill at the D2 open 103
    const script = new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }], [d2, { exit: 'exit' as const }]]));
    const result = runBacktest(config({ legRisk: { policy: 'retry', maxRetries: 1 } }), data(ko(600)), { strategyFactory: () => script });
    expect(fillsOf(result)).toEqual([
      [d1, 'KO', 'BUY', 60, 101],
      [d1, 'PEP', 'SELL_SHORT', 200, 49],
      [d2, 'KO', 'BUY', 40, 103],
      [d3, 'KO', 'SELL', 100, 104],
      [d3, 'PEP', 'BUY_TO_COVER', 200, 48],
    ]);
    // gross 60 × 3 + 40 × 1 + 200 × 1 = 420
    expect(result.trades[0]).toMatchObject({ grossPnl: expect.closeTo(420, 9), exitReason: 'exit', quantityY: 60, quantityX: -200 });
    expect(result.events.filter((e) => e.kind === 'retry')).toHaveLength(1);
    const first = result.orders.find((o) => o.symbol === 'KO' && o.forSession === d1);
    expect(first?.history.map((t) => t.to)).toEqual(['submitted', 'accepted', 'partially_filled', 'expired']);
    // the strategy waits while the pair order is unsettled
    expect(result.noDecisionCounts.orders_working).toBe(1);
  });

  it('hedge: the fully filled leg is cut to the other leg’s fraction', () => {
    // KO 60 / 100 = 0.6 → keep floor(200 × 0.6) = 120 PEP: cover 80 at the D2 open 50
    const script = new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }], [d2, { exit: 'exit' as const }]]));
    const result = runBacktest(config({ legRisk: { policy: 'hedge', maxRetries: 0 } }), data(ko(600)), { strategyFactory: () => script });
    expect(fillsOf(result)).toEqual([
      [d1, 'KO', 'BUY', 60, 101],
      [d1, 'PEP', 'SELL_SHORT', 200, 49],
      [d2, 'PEP', 'BUY_TO_COVER', 80, 50],
      [d3, 'KO', 'SELL', 60, 104],
      [d3, 'PEP', 'BUY_TO_COVER', 120, 48],
    ]);
    // 60 × 3 + 80 × (49 − 50) + 120 × (49 − 48) = 180 − 80 + 120 = 220
    expect(result.trades[0]?.grossPnl).toBeCloseTo(220, 9);
  });

  it('unwind: both legs are closed at the next session', () => {
    const result = runBacktest(config({ legRisk: { policy: 'unwind', maxRetries: 0 } }), data(ko(600)), { strategyFactory: enterLongD0 });
    expect(fillsOf(result)).toEqual([
      [d1, 'KO', 'BUY', 60, 101],
      [d1, 'PEP', 'SELL_SHORT', 200, 49],
      [d2, 'KO', 'SELL', 60, 103],
      [d2, 'PEP', 'BUY_TO_COVER', 200, 50],
    ]);
    // 60 × 2 + 200 × (49 − 50) = −80
    expect(result.trades).toMatchObject([{ grossPnl: -80, exitReason: 'unwind', exitDay: d2 }]);
  });

  it('retry with no retries left falls back to unwind', () => {
    const result = runBacktest(config({ legRisk: { policy: 'retry', maxRetries: 0 } }), data(ko(600)), { strategyFactory: enterLongD0 });
    expect(result.trades[0]?.exitReason).toBe('unwind');
    expect(result.events.map((e) => e.kind)).toContain('unwind');
  });

  it('a zero-volume session fills nothing on that leg (one-legged), handled by the policy', () => {
    const result = runBacktest(config({ legRisk: { policy: 'hedge', maxRetries: 0 } }), data(ko(0)), { strategyFactory: enterLongD0 });
    // KO never filled on D1 → hedge of a zero fraction = unwind the PEP short at the D2 open
    expect(fillsOf(result)).toEqual([
      [d1, 'PEP', 'SELL_SHORT', 200, 49],
      [d2, 'PEP', 'BUY_TO_COVER', 200, 50],
    ]);
    expect(result.trades[0]).toMatchObject({ grossPnl: -200, exitReason: 'unwind' });
  });
});

describe('golden: borrow and margin', () => {
  it('rejects the short when borrow is unavailable and cancels the other leg', () => {
    const cfg = config({ costs: { borrow: { generalCollateralRate: 0.0025, table: [{ symbol: 'PEP', from: '2014-01-01', available: false }] } } });
    const result = runBacktest(cfg, data(), { strategyFactory: enterLongD0 });
    expect(result.fills).toEqual([]);
    const pepOrder = result.orders.find((o) => o.symbol === 'PEP');
    expect(pepOrder?.history.map((t) => [t.to, t.reason])).toEqual([
      ['submitted', `entry_long for session ${d1}`],
      ['rejected', 'borrow unavailable for PEP'],
    ]);
    expect(result.orders.find((o) => o.symbol === 'KO')?.status).toBe('cancelled');
    expect(result.events.map((e) => e.kind)).toEqual(['sibling_cancel']);
    expect(result.equity.every((row) => row.equity === 100_000)).toBe(true);
  });

  describe('a forced buy-in (recall of KO dated D2) on a short spread: short 100 KO at 101, long 200 PEP at 49', () => {
    const enterShortD0 = () => new ScriptedStrategy(new Map([[d0, { enter: 'short' as const }]]));
    const recall = (extra: { symbol: string; from: string; available?: boolean }[] = []) => ({
      costs: { borrow: { generalCollateralRate: 0, table: [{ symbol: 'KO', from: '2014-06-04', recall: true }, ...extra] }, marginInterestRate: 0, commission: { kind: 'zero' as const }, secFee: { kind: 'none' as const }, finraTaf: { kind: 'none' as const }, slippageBps: 0, impact: { coefficient: 0 } },
    });

    it('unwind: KO is covered and PEP sold at the D3 opens', () => {
      const result = runBacktest(config({ ...recall(), legRisk: { policy: 'unwind', maxRetries: 0 } }), data(), { strategyFactory: enterShortD0 });
      expect(fillsOf(result).slice(2)).toEqual([
        [d3, 'KO', 'BUY_TO_COVER', 100, 104],
        [d3, 'PEP', 'SELL', 200, 48],
      ]);
      // 100 × (101 − 104) + 200 × (48 − 49) = −500
      expect(result.trades).toMatchObject([{ exitReason: 'buy_in', exitDay: d3, grossPnl: -500 }]);
      expect(result.events.filter((e) => e.kind === 'buy_in').map((e) => [e.day, e.detail])).toEqual([[d2, 'buy_in KO']]);
    });

    it('hedge: nothing is left to hedge against, so PEP is closed too', () => {
      const result = runBacktest(config({ ...recall(), legRisk: { policy: 'hedge', maxRetries: 0 } }), data(), { strategyFactory: enterShortD0 });
      expect(fillsOf(result).slice(2).map((f) => f.slice(1, 3))).toEqual([['KO', 'BUY_TO_COVER'], ['PEP', 'SELL']]);
    });

    it('retry: KO is covered at D3 and re-shorted at D4 when borrow allows', () => {
      const result = runBacktest(config({ ...recall(), legRisk: { policy: 'retry', maxRetries: 1 } }), data(), { strategyFactory: enterShortD0 });
      expect(fillsOf(result).slice(2)).toEqual([
        [d3, 'KO', 'BUY_TO_COVER', 100, 104],
        [days[4], 'KO', 'SELL_SHORT', 100, 104],
      ]);
      expect(result.positions.map((p) => [p.symbol, p.quantity])).toEqual([['KO', -100], ['PEP', 200]]);
    });

    it('retry without borrow after the recall: the other leg is closed instead', () => {
      const result = runBacktest(config({ ...recall([{ symbol: 'KO', from: '2014-06-05', available: false }]), legRisk: { policy: 'retry', maxRetries: 1 } }), data(), { strategyFactory: enterShortD0 });
      expect(fillsOf(result).slice(2)).toEqual([
        [d3, 'KO', 'BUY_TO_COVER', 100, 104],
        [days[4], 'PEP', 'SELL', 200, 48],
      ]);
      expect(result.positions).toEqual([]);
      expect(result.trades[0]).toMatchObject({ exitReason: 'buy_in', exitDay: days[4] });
    });
  });

  it('a margin call liquidates every pair at the next session', () => {
    /*
     * Fraction 1.8: 90 000 a leg → 900 KO at 100 and 1 800 PEP at 50 (gross 1.8× equity,
     * inside Reg T's 2×). KO collapses to 25 at the D2 close: equity 100 000 + 900 × (25 − 100)
     * = 32 500; maintenance 25 % × 22 500 + 30 % × 90 000 = 32 625 > 32 500 → margin call at
     * D2, liquidation at the D3 opens (KO 25, PEP 50): final equity 32 500.
     */
    const koRows: BarRow[] = [
      [100, 100, 100, 100, big],
      [100, 100, 100, 100, big],
      [100, 100, 25, 25, big],
      [25, 25, 25, 25, big],
      [25, 25, 25, 25, big],
    ];
    const pepRows: BarRow[] = days.map(() => [50, 50, 50, 50, big] as const);
    const cfg = config({ sizing: { method: 'fixed_fraction', fraction: 1.8, legs: 'beta_neutral' }, risk: { maxSymbolExposure: 1, maxDrawdown: 0.99 } });
    const result = runBacktest(cfg, data(koRows, pepRows), { strategyFactory: enterLongD0 });
    expect(result.events.filter((e) => e.kind === 'margin_call').map((e) => e.day)).toEqual([d2]);
    expect(fillsOf(result)).toEqual([
      [d1, 'KO', 'BUY', 900, 100],
      [d1, 'PEP', 'SELL_SHORT', 1_800, 50],
      [d3, 'KO', 'SELL', 900, 25],
      [d3, 'PEP', 'BUY_TO_COVER', 1_800, 50],
    ]);
    expect(result.trades[0]).toMatchObject({ exitReason: 'margin_call', grossPnl: -67_500 });
    expect(result.equity[4]?.equity).toBe(32_500);
    expect(result.noDecisionCounts.halted).toBeGreaterThan(0);
  });

  it('the drawdown limit flattens and stops new entries', () => {
    const koRows: BarRow[] = [
      [100, 100, 100, 100, big],
      [100, 100, 100, 100, big],
      [100, 100, 80, 80, big],
      [80, 80, 80, 80, big],
      [80, 80, 80, 80, big],
    ];
    const pepRows: BarRow[] = days.map(() => [50, 50, 50, 50, big] as const);
    // 1 000 KO at 100 (fraction 2 → 100 000 a leg, gross 2×): −20 000 at D2 = 20 % drawdown ≥ 10 % limit
    const cfg = config({ sizing: { method: 'fixed_fraction', fraction: 2, legs: 'beta_neutral' }, risk: { maxSymbolExposure: 1.5, maxDrawdown: 0.1 }, margin: { maintenanceLong: 0.01, maintenanceShort: 0.01 } });
    const script = new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }], [d3, { enter: 'long' as const }]]));
    const result = runBacktest(cfg, data(koRows, pepRows), { strategyFactory: () => script });
    expect(result.events.map((e) => e.kind)).toEqual(['drawdown_flatten']);
    expect(result.trades[0]).toMatchObject({ exitReason: 'drawdown', exitDay: d3, grossPnl: -20_000 });
    expect(result.fills).toHaveLength(4);
  });
});

describe('golden: stops in each direction through the whole path', () => {
  /*
   * 40 sessions; x wiggles, y = 1.2·x·e^(0.003·sin 2.3i + shock): the spread sits still, then
   * moves 0.006 at i = 30, 0.008 at i = 31 and 0.04 from i = 32 on. The first move crosses the
   * entry band (1.5), the last crosses the stop (2.5) on the LOSING side of the position.
   * A stop loses money in both directions (the predecessor's sign bug made it a winner).
   */
  function run(sign: 1 | -1) {
    const d = weekdays('2014-01-01', 40);
    const xs = d.map((_, i) => 50 * Math.exp(0.01 * Math.sin(i)));
    const ys = xs.map((x, i) => 1.2 * x * Math.exp(0.003 * Math.sin(2.3 * i) + (i === 30 ? sign * 0.006 : i === 31 ? sign * 0.008 : i >= 32 ? sign * 0.04 : 0)));
    const cfg = parseBacktestConfig({
      pairs: [{ y: 'KO', x: 'PEP' }], from: '2014-01-20', to: '2014-03-01', capital: 100_000,
      strategy: { kind: 'zscore', lookback: 20, entry: 1.5, exit: 0.3, stop: 2.5 }, costs: 'none',
    });
    return runBacktest(cfg, { bars: new Map([['KO', flatBars(d, ys)], ['PEP', flatBars(d, xs)]]) });
  }

  it('a long spread (y fell) stops out when the spread keeps falling, at a loss', () => {
    const result = run(-1);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ direction: 'long', exitReason: 'stop' });
    expect(result.trades[0]?.grossPnl).toBeLessThan(0);
    expect(result.noDecisionCounts.cooldown_after_stop).toBeGreaterThan(0);
  });

  it('a short spread (y rose) stops out when the spread keeps rising, at a loss', () => {
    const result = run(1);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ direction: 'short', exitReason: 'stop' });
    expect(result.trades[0]?.grossPnl).toBeLessThan(0);
  });
});
