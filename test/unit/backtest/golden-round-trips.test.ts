import { describe, expect, it } from 'vitest';
import { parseBacktestConfig, type BacktestConfigInput } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { columns, weekdays } from './market-fixtures';
import { ScriptedStrategy } from './scripted-strategy';

/*
 * Five sessions, Mon 2014-06-02 … Fri 2014-06-06 (D0 … D4), volume 1 000 000 (participation
 * never binds). Capital 100 000, fixed fraction 0.2, β = 1, beta-neutral: 10 000 per leg at
 * the D0 closes (KO 100, PEP 50) → 100 KO and 200 PEP. Decisions at the close of D0 (enter)
 * and D2 (exit) fill at the opens of D1 and D3.
 *        D0        D1             D2             D3             D4
 *   KO   100/100   open 101/102   open 103/103   open 104/104   104
 *   PEP  50/50     open 49/50     open 50/50     open 48/48     48
 * Costs: commission $0.005/share, min $1; SEC Section 31 from the dated schedule ($22.10 per
 * million since 2014-03-18); FINRA TAF from its schedule ($0.000119/share, cap $5.95);
 * half-spread 5 bps; impact off here (its formula is checked in cost-model.test.ts, σ and ADV
 * of five bars would not be hand-checkable). Financing: borrow GC 3.6 %/yr (KO hard-to-borrow
 * at 7.2 % in the short case), rebate 0.72 %/yr, both /360 a calendar day, margin interest
 * 6 % on debit balances (none arises: short proceeds stay in cash). KO pays a $0.50 dividend
 * with ex-date D2.
 */
const days = weekdays('2014-06-02', 5);
const [d0, d1, d2, d3, d4] = days as [number, number, number, number, number];
const volume = 1_000_000;
const ko = columns(days, [
  [100, 100, 100, 100, volume],
  [101, 102, 101, 102, volume],
  [103, 103, 103, 103, volume],
  [104, 104, 104, 104, volume],
  [104, 104, 104, 104, volume],
]);
const pep = columns(days, [
  [50, 50, 50, 50, volume],
  [49, 50, 49, 50, volume],
  [50, 50, 50, 50, volume],
  [48, 48, 48, 48, volume],
  [48, 48, 48, 48, volume],
]);
const data = { bars: new Map([['KO', ko], ['PEP', pep]]), actions: new Map([['KO', [{ day: d2, kind: 'dividend' as const, amount: 0.5 }]]]) };

function config(extra: Partial<BacktestConfigInput> = {}) {
  return parseBacktestConfig({
    pairs: [{ y: 'KO', x: 'PEP' }],
    from: '2014-06-02',
    to: '2014-06-06',
    capital: 100_000,
    strategy: { kind: 'zscore', lookback: 3, entry: 2, exit: 0.5, stop: 4 },
    sizing: { method: 'fixed_fraction', fraction: 0.2, legs: 'beta_neutral' },
    costs: {
      commission: { kind: 'per_share', perShare: 0.005, minimum: 1 },
      secFee: { kind: 'schedule' },
      finraTaf: { kind: 'schedule' },
      slippageBps: 5,
      impact: { coefficient: 0 },
      borrow: { generalCollateralRate: 0.036, table: [] },
      marginInterestRate: 0.06,
      shortRebateRate: 0.0072,
    },
    ...extra,
  });
}

function reconcileGap(result: ReturnType<typeof runBacktest>): number {
  let worst = 0;
  for (const row of result.equity) {
    worst = Math.max(worst, Math.abs(result.config.capital + row.realizedPnl + row.unrealizedPnl - row.costs + row.accruals - row.equity), Math.abs(row.cash + row.marketValue - row.equity));
  }
  return worst;
}

describe('golden round trips with every cost kind', () => {
  it('long spread: buy KO, short PEP, exit two sessions later', () => {
    const result = runBacktest(config(), data, { strategyFactory: () => new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }], [d2, { exit: 'exit' as const }]])) });
    const fills = result.fills.map((f) => [f.fillDay, f.symbol, f.side, f.quantity, f.price, f.costs.commission, f.costs.secFee, f.costs.finraTaf, f.costs.slippage, f.costs.impact]);
    expect(fills).toEqual([
      // 100 × 0.005 = 0.50 → min 1.00; slippage 10 100 × 5 bps = 5.05
      [d1, 'KO', 'BUY', 100, 101, 1, 0, 0, 5.05, 0],
      // sale: SEC 9 800 × 22.10e-6 = 0.2166 → 0.22; TAF 200 × 0.000119 = 0.0238 → 0.02; slippage 4.90
      [d1, 'PEP', 'SELL_SHORT', 200, 49, 1, 0.22, 0.02, 4.9, 0],
      // SEC 10 400 × 22.10e-6 = 0.2298 → 0.23; TAF 0.0119 → 0.01; slippage 5.20
      [d3, 'KO', 'SELL', 100, 104, 1, 0.23, 0.01, 5.2, 0],
      [d3, 'PEP', 'BUY_TO_COVER', 200, 48, 1, 0, 0, 4.8, 0],
    ]);
    expect(result.fills.every((f) => f.signalDay === (f.fillDay === d1 ? d0 : d2))).toBe(true);
    // costs 4.00 + 0.45 + 0.03 + 19.95 = 24.43
    expect(result.costsByKind).toEqual({ commission: 4, secFee: 0.45, finraTaf: 0.03, slippage: expect.closeTo(19.95, 9), impact: 0 });
    // D2 and D3: borrow on 200 PEP × 50 = 10 000 × 3.6 % / 360 = 1.00 each; rebate 10 000 × 0.72 % / 360 = 0.20 each; dividend +100 × 0.50
    expect(result.accruals.map((a) => [a.day, a.kind, a.symbol, a.amount])).toEqual([
      [d2, 'borrow_fee', 'PEP', -1],
      [d2, 'short_rebate', 'PEP', 0.2],
      [d2, 'dividend', 'KO', 50],
      [d3, 'borrow_fee', 'PEP', -1],
      [d3, 'short_rebate', 'PEP', 0.2],
    ]);
    // D1 row: cash 100 000 − 10 100 + 9 800 − 12.19 = 99 687.81; MV 10 200 − 10 000 = 200; unrealized 100 − 200 = −100
    expect(result.equity[1]).toMatchObject({ day: d1, cash: expect.closeTo(99_687.81, 6), marketValue: 200, unrealizedPnl: -100, costs: expect.closeTo(12.19, 9) });
    // gross 100 × 3 + 200 × 1 = 500; net 500 − 24.43 + (−2 + 0.40 + 50) = 523.97
    expect(result.trades).toEqual([
      { pairId: 'KO/PEP', y: 'KO', x: 'PEP', direction: 'long', entryDay: d1, exitDay: d3, quantityY: 100, quantityX: -200, grossPnl: 500, costs: expect.closeTo(24.43, 9), accruals: expect.closeTo(48.4, 9), netPnl: expect.closeTo(523.97, 9), exitReason: 'exit' },
    ]);
    expect(result.equity.map((row) => row.day)).toEqual(days);
    expect(result.equity[4]?.equity).toBeCloseTo(100_523.97, 6);
    expect(reconcileGap(result)).toBeLessThan(1e-6);
    expect(result.decisionCounts).toEqual({ enter_long: 1, exit: 1 });
    expect(result.pairSummaries[0]).toMatchObject({ grossPnl: 500, borrowFees: 2, edgeBelowBorrow: false });
  });

  it('short spread: short KO (hard to borrow), buy PEP, exit two sessions later', () => {
    const cfg = config({
      costs: {
        commission: { kind: 'per_share', perShare: 0.005, minimum: 1 },
        slippageBps: 5,
        impact: { coefficient: 0 },
        borrow: { generalCollateralRate: 0.036, table: [{ symbol: 'KO', from: '2014-01-01', rate: 0.072 }] },
        marginInterestRate: 0.06,
        shortRebateRate: 0.0072,
      },
    });
    const result = runBacktest(cfg, data, { strategyFactory: () => new ScriptedStrategy(new Map([[d0, { enter: 'short' as const }], [d2, { exit: 'exit' as const }]])) });
    expect(result.fills.map((f) => [f.fillDay, f.symbol, f.side, f.quantity, f.price, f.costs.commission, f.costs.secFee, f.costs.finraTaf, f.costs.slippage])).toEqual([
      // SEC 10 100 × 22.10e-6 = 0.2232 → 0.22; TAF 100 × 0.000119 → 0.01
      [d1, 'KO', 'SELL_SHORT', 100, 101, 1, 0.22, 0.01, 5.05],
      [d1, 'PEP', 'BUY', 200, 49, 1, 0, 0, 4.9],
      [d3, 'KO', 'BUY_TO_COVER', 100, 104, 1, 0, 0, 5.2],
      // SEC 9 600 × 22.10e-6 = 0.2122 → 0.21; TAF 0.0238 → 0.02
      [d3, 'PEP', 'SELL', 200, 48, 1, 0.21, 0.02, 4.8],
    ]);
    // HTB 7.2 %/360 = 0.0002 a day: 100 × 102 → 2.04, 100 × 103 → 2.06; rebate 0.204 → 0.20, 0.206 → 0.21; the short pays the dividend
    expect(result.accruals.map((a) => [a.day, a.kind, a.amount])).toEqual([
      [d2, 'borrow_fee', -2.04],
      [d2, 'short_rebate', 0.2],
      [d2, 'dividend', -50],
      [d3, 'borrow_fee', -2.06],
      [d3, 'short_rebate', 0.21],
    ]);
    // gross 100 × (101 − 104) + 200 × (48 − 49) = −500; costs 4 + 0.43 + 0.03 + 19.95 = 24.41; accruals −53.69; net −578.10
    const trade = result.trades[0];
    expect(trade).toMatchObject({ direction: 'short', quantityY: -100, quantityX: 200, grossPnl: -500, exitReason: 'exit' });
    expect(trade?.costs).toBeCloseTo(24.41, 9);
    expect(trade?.accruals).toBeCloseTo(-53.69, 9);
    expect(trade?.netPnl).toBeCloseTo(-578.1, 9);
    expect(result.equity[4]?.equity).toBeCloseTo(100_000 - 578.1, 6);
    // the edge (−500 gross) does not cover the 4.10 of borrow: flagged for the tear sheet
    expect(result.pairSummaries).toEqual([{ pairId: 'KO/PEP', trades: 1, grossPnl: -500, costs: expect.closeTo(24.41, 9), borrowFees: expect.closeTo(4.1, 9), netPnl: expect.closeTo(-578.1, 9), edgeBelowBorrow: true }]);
    expect(reconcileGap(result)).toBeLessThan(1e-6);
  });

  it('the strategy sees the position’s P&L since entry over its gross entry notional', () => {
    const script = new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }]]));
    runBacktest(config({ costs: 'none' }), data, { strategyFactory: () => script });
    const views = script.seen.map((input) => [input.day, input.position.side, input.position.pnlReturn, input.position.peakPnlReturn]);
    // entry notional 100 × 101 + 200 × 49 = 19 900; D1 close: 100 × 1 − 200 × 1 = −100; D2: 200 − 200 = 0; D3: 300 + 200 = 500
    expect(views).toEqual([
      [d0, 'flat', 0, 0],
      [d1, 'long', expect.closeTo(-100 / 19_900, 12), expect.closeTo(-100 / 19_900, 12)],
      [d2, 'long', 0, 0],
      [d3, 'long', expect.closeTo(500 / 19_900, 12), expect.closeTo(500 / 19_900, 12)],
    ]);
  });

  it('"costs": "none" charges nothing, and the fill price is the stored open', () => {
    const result = runBacktest(config({ costs: 'none' }), data, { strategyFactory: () => new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }], [d2, { exit: 'exit' as const }]])) });
    expect(result.fills.every((f) => f.price === (f.symbol === 'KO' ? ko : pep).open[days.indexOf(f.fillDay)])).toBe(true);
    expect(Object.values(result.costsByKind).every((v) => v === 0)).toBe(true);
    // only the dividend remains (it is cash, not a cost): 500 + 50
    expect(result.equity[4]?.equity).toBeCloseTo(100_550, 9);
  });

  it('a position open at `to` is marked to market, not closed', () => {
    const result = runBacktest(config({ costs: 'none' }), data, { strategyFactory: () => new ScriptedStrategy(new Map([[d0, { enter: 'long' as const }]])) });
    expect(result.fills).toHaveLength(2);
    const trade = result.trades[0];
    // marked at D4: 100 × (104 − 101) + 200 × (49 − 48) = 500 unrealized
    expect(trade).toMatchObject({ exitDay: null, exitReason: 'open_at_end', grossPnl: 500 });
    expect(result.equity[4]).toMatchObject({ unrealizedPnl: 500, realizedPnl: 0, day: d4 });
    expect(result.metrics.trades).toBe(0);
  });
});
