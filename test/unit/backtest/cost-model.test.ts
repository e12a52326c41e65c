import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { CostModel, zeroTransactionCosts, type FillCostInput, type TransactionCostConfig } from '../../../src/main/backtest/cost-model';
import { compileSchedule, finraTafSchedule, rateOn, secSection31Schedule } from '../../../src/main/backtest/fee-schedules';
import { BorrowTable } from '../../../src/main/backtest/borrow-table';

const sale: FillCostInput = { side: 'SELL', day: epochDayFromIso('2015-06-01'), quantity: 1_000, price: 50, tradedQuantity: 1_000, tradedPrice: 50, sigma: 0.02, adv: 100_000 };

describe('cost model (each kind itemized, to the cent)', () => {
  it('per-share commission with minimum, maximum and percent cap', () => {
    const model = new CostModel({ ...zeroTransactionCosts, commission: { kind: 'per_share', perShare: 0.005, minimum: 1, maximum: 4, maxPercentOfValue: 0.01 } });
    expect(model.costs(sale).commission).toBe(4); // 1 000 × 0.005 = 5 → max 4
    expect(model.costs({ ...sale, quantity: 10, tradedQuantity: 10 }).commission).toBe(1); // 0.05 → min 1
    expect(model.costs({ ...sale, quantity: 10, tradedQuantity: 10, price: 5 }).commission).toBe(0.5); // min 1 but 1 % of 50 = 0.50
    expect(model.costs({ ...sale, quantity: 300, tradedQuantity: 300 }).commission).toBe(1.5);
  });

  it('per-order and zero commission', () => {
    expect(new CostModel({ ...zeroTransactionCosts, commission: { kind: 'per_order', amount: 4.95 } }).costs(sale).commission).toBe(4.95);
    expect(new CostModel(zeroTransactionCosts).costs(sale)).toEqual({ commission: 0, secFee: 0, finraTaf: 0, slippage: 0, impact: 0 });
  });

  it('SEC Section 31 fee on sales only, from the dated schedule', () => {
    const model = new CostModel({ ...zeroTransactionCosts, secFee: { kind: 'schedule' } });
    // 2014-03-18 onward $22.10 per million: 50 000 × 22.10e-6 = 1.105 → 1.11
    expect(model.costs({ ...sale, day: epochDayFromIso('2014-06-02') }).secFee).toBe(1.11);
    // before: $17.40 per million: 50 000 × 17.40e-6 = 0.87
    expect(model.costs({ ...sale, day: epochDayFromIso('2014-03-17') }).secFee).toBe(0.87);
    expect(model.costs({ ...sale, side: 'SELL_SHORT', day: epochDayFromIso('2014-06-02') }).secFee).toBe(1.11);
    expect(model.costs({ ...sale, side: 'BUY' }).secFee).toBe(0);
    expect(model.costs({ ...sale, side: 'BUY_TO_COVER' }).secFee).toBe(0);
    expect(new CostModel({ ...zeroTransactionCosts, secFee: { kind: 'fixed', perMillion: 20 } }).costs(sale).secFee).toBe(1);
  });

  it('FINRA TAF per share on sales, capped per trade', () => {
    const model = new CostModel({ ...zeroTransactionCosts, finraTaf: { kind: 'schedule' } });
    // 2015: $0.000119/share: 1 000 × 0.000119 = 0.119 → 0.12
    expect(model.costs(sale).finraTaf).toBe(0.12);
    // 100 000 shares → 11.90 capped at 5.95
    expect(model.costs({ ...sale, quantity: 100_000, tradedQuantity: 100_000 }).finraTaf).toBe(5.95);
    expect(model.costs({ ...sale, side: 'BUY' }).finraTaf).toBe(0);
    // per-share fees use the traded share count (a 7:1 split-adjusted history)
    expect(model.costs({ ...sale, quantity: 7_000, tradedQuantity: 1_000 }).finraTaf).toBe(0.12);
    expect(new CostModel({ ...zeroTransactionCosts, finraTaf: { kind: 'fixed', perShare: 0.0002, maxPerTrade: 1 } }).costs(sale).finraTaf).toBe(0.2);
  });

  it('half-spread slippage in bps and square-root impact σ·√(Q/ADV)', () => {
    const model = new CostModel({ ...zeroTransactionCosts, slippageBps: 5, impact: { coefficient: 0.5, window: 20 } });
    const costs = model.costs(sale);
    expect(costs.slippage).toBe(25); // 5 bps × 50 000
    // 0.5 × 0.02 × √(1 000 / 100 000) × 50 000 = 0.5 × 0.02 × 0.1 × 50 000 = 50
    expect(costs.impact).toBe(50);
    expect(model.costs({ ...sale, sigma: Number.NaN }).impact).toBe(0);
  });

  it('every cost is ≥ 0 and monotone in its rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.double({ min: 1, max: 500, noNaN: true }),
        fc.constantFrom('BUY', 'SELL', 'SELL_SHORT', 'BUY_TO_COVER' as const),
        (r1, r2, b1, b2, quantity, price, side) => {
          const [lowRate, highRate] = r1 <= r2 ? [r1, r2] : [r2, r1];
          const [lowBps, highBps] = b1 <= b2 ? [b1, b2] : [b2, b1];
          const config = (rate: number, bps: number): TransactionCostConfig => ({
            commission: { kind: 'per_share', perShare: rate, minimum: 0 },
            secFee: { kind: 'fixed', perMillion: rate * 1_000 },
            finraTaf: { kind: 'fixed', perShare: rate / 100, maxPerTrade: 10 },
            slippageBps: bps,
            impact: { coefficient: rate * 10, window: 20 },
          });
          const input = { ...sale, side, quantity, tradedQuantity: quantity, price, tradedPrice: price };
          const low = new CostModel(config(lowRate, lowBps)).costs(input);
          const high = new CostModel(config(highRate, highBps)).costs(input);
          for (const kind of ['commission', 'secFee', 'finraTaf', 'slippage', 'impact'] as const) {
            expect(low[kind]).toBeGreaterThanOrEqual(0);
            expect(high[kind]).toBeGreaterThanOrEqual(low[kind]);
          }
        },
      ),
    );
  });
});

describe('fee schedules and borrow table', () => {
  it('looks up the rate in force on a day', () => {
    const sec = compileSchedule(secSection31Schedule);
    expect(rateOn(sec, epochDayFromIso('2014-03-18'))?.perMillion).toBe(22.1);
    expect(rateOn(sec, epochDayFromIso('2021-03-01'))?.perMillion).toBe(5.1);
    expect(rateOn(sec, epochDayFromIso('2000-01-01'))?.perMillion).toBe(22.4);
    expect(rateOn(compileSchedule(finraTafSchedule), epochDayFromIso('2024-06-01'))).toMatchObject({ perShare: 0.000166, maxPerTrade: 8.3 });
    expect(rateOn([], 0)).toBeUndefined();
  });

  it('defaults to general collateral, applies a hard-to-borrow rate and marks unavailable borrow', () => {
    const table = new BorrowTable(0.0025, [
      { symbol: 'GME', from: '2014-01-01', rate: 0.3, available: true },
      { symbol: 'GME', from: '2014-06-01', available: false },
      { symbol: 'KO', from: '2014-01-01', available: true },
    ]);
    expect(table.terms('PEP', epochDayFromIso('2014-02-01'))).toEqual({ available: true, annualRate: 0.0025 });
    expect(table.terms('GME', epochDayFromIso('2013-12-31'))).toEqual({ available: true, annualRate: 0.0025 });
    expect(table.terms('GME', epochDayFromIso('2014-02-01'))).toEqual({ available: true, annualRate: 0.3 });
    expect(table.terms('GME', epochDayFromIso('2014-06-01')).available).toBe(false);
    expect(table.terms('KO', epochDayFromIso('2014-02-01'))).toEqual({ available: true, annualRate: 0.0025 });
  });
});
