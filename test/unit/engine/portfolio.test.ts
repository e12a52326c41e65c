import { describe, expect, it } from 'vitest';
import { zeroCosts, roundCents, type Fill, type OrderSide } from '../../../src/main/engine/domain';
import { Portfolio } from '../../../src/main/engine/portfolio';

let sequence = 0;
function fill(symbol: string, side: OrderSide, quantity: number, price: number, costs = zeroCosts, pairId = 'P'): Fill {
  sequence++;
  return { orderId: `o${sequence}`, pairId, leg: 'y', symbol, side, quantity, price, tradedPrice: price, tradedQuantity: quantity, signalDay: 1, fillDay: 2, costs };
}

function identityGap(portfolio: Portfolio, marks: Record<string, number>): number {
  const row = portfolio.snapshot(3, (symbol) => marks[symbol]);
  return Math.abs(portfolio.capital + row.realizedPnl + row.unrealizedPnl - row.costs + row.accruals - row.equity) + Math.abs(row.cash + row.marketValue - row.equity);
}

describe('portfolio and ledger', () => {
  it('books a long with average cost, a partial sale and costs (hand-computed)', () => {
    const p = new Portfolio(10_000, 0);
    p.applyFill(fill('KO', 'BUY', 10, 40)); // cash 10 000 − 400 = 9 600
    p.applyFill(fill('KO', 'BUY', 10, 44, { ...zeroCosts, commission: 1 })); // avg (400 + 440) / 20 = 42; cash 9 600 − 440 − 1 = 9 159
    p.applyFill(fill('KO', 'SELL', 5, 50, { ...zeroCosts, secFee: 0.01, finraTaf: 0.01 })); // realized 5 × (50 − 42) = 40; cash 9 159 + 250 − 0.02 = 9 408.98
    expect(p.cash).toBeCloseTo(9_408.98, 9);
    expect(p.realizedPnl).toBeCloseTo(40, 9);
    expect(p.position('P', 'KO')).toMatchObject({ quantity: 15, averageCost: 42 });
    const row = p.snapshot(3, () => 45); // MV 15 × 45 = 675; unrealized 15 × 3 = 45
    expect(row.marketValue).toBe(675);
    expect(row.unrealizedPnl).toBeCloseTo(45, 9);
    expect(row.equity).toBeCloseTo(10_083.98, 9); // 10 000 + 40 + 45 − 1.02
    expect(row.costs).toBeCloseTo(1.02, 12);
    expect(p.costsByKind()).toMatchObject({ commission: 1, secFee: 0.01, finraTaf: 0.01 });
    expect(identityGap(p, { KO: 45 })).toBeLessThan(1e-9);
    expect(p.ledger().reduce((sum, entry) => sum + entry.amount, 0)).toBeCloseTo(p.cash, 9);
  });

  it('books a short: proceeds in cash, loss when the price rises, cover realizes', () => {
    const p = new Portfolio(10_000, 0);
    p.applyFill(fill('PEP', 'SELL_SHORT', 20, 50)); // cash 11 000
    expect(p.cash).toBe(11_000);
    const row = p.snapshot(3, () => 55); // MV −1 100, unrealized −100
    expect(row.unrealizedPnl).toBe(-100);
    expect(row.equity).toBe(9_900);
    p.applyFill(fill('PEP', 'BUY_TO_COVER', 20, 52)); // realized 20 × (50 − 52) = −40
    expect(p.realizedPnl).toBe(-40);
    expect(p.cash).toBe(9_960);
    expect(p.positions()).toEqual([]);
  });

  it('refuses a side that does not fit the book (no silent reversal)', () => {
    const p = new Portfolio(10_000, 0);
    expect(() => p.applyFill(fill('KO', 'SELL', 1, 40))).toThrow(/does not fit/);
    p.applyFill(fill('KO', 'BUY', 5, 40));
    expect(() => p.applyFill(fill('KO', 'SELL', 6, 40))).toThrow(/does not fit/);
    expect(() => p.applyFill(fill('KO', 'SELL_SHORT', 1, 40))).toThrow(/does not fit/);
    expect(() => p.applyFill(fill('KO', 'BUY', 1, Number.NaN))).toThrow(/price/);
    expect(() => p.applyFill(fill('KO', 'BUY', 1.5, 40))).toThrow(/integer/);
    expect(() => p.applyFill(fill('KO', 'BUY', 1, 40, { ...zeroCosts, slippage: -1 }))).toThrow(/slippage/);
    expect(() => new Portfolio(0, 0)).toThrow(/capital/);
  });

  it('adjusts an open position on a split, keeping its cost basis, with cash in lieu for a fraction', () => {
    const p = new Portfolio(10_000, 0);
    p.applyFill(fill('AAPL', 'BUY', 3, 700)); // cost 2 100
    p.applySplit('AAPL', 7, 5, 100); // 7-for-1: 21 shares at 100 average
    expect(p.position('P', 'AAPL')).toMatchObject({ quantity: 21, averageCost: 100 });
    expect(identityGap(p, { AAPL: 100 })).toBeLessThan(1e-9);
    p.applySplit('AAPL', 0.1, 6, 1_000); // 1-for-10 reverse: 2.1 → 2 shares + 0.1 share cash in lieu at 1 000
    expect(p.position('P', 'AAPL')?.quantity).toBe(2);
    expect(p.cash).toBeCloseTo(7_900 + 100, 9);
    expect(identityGap(p, { AAPL: 1_000 })).toBeLessThan(1e-9);
    expect(() => p.applySplit('AAPL', 0, 7, 1)).toThrow(/ratio/);
  });

  it('books accruals to cash and the cumulative accruals, and refuses a non-finite one', () => {
    const p = new Portfolio(1_000, 0);
    p.applyAccrual({ day: 1, kind: 'borrow_fee', pairId: 'P', symbol: 'X', amount: -1.25 });
    p.applyAccrual({ day: 1, kind: 'dividend', pairId: 'P', symbol: 'X', amount: 3 });
    p.applyAccrual({ day: 1, kind: 'dividend', pairId: 'P', symbol: 'X', amount: 0 });
    expect(p.cash).toBe(1_001.75);
    expect(p.accruals).toBe(1.75);
    expect(p.accrualsByKind()).toMatchObject({ borrow_fee: -1.25, dividend: 3 });
    expect(() => p.applyAccrual({ day: 1, kind: 'dividend', pairId: 'P', symbol: 'X', amount: Number.NaN })).toThrow(/finite/);
    expect(() => p.snapshot(1, () => undefined)).not.toThrow();
  });

  it('refuses to mark a held position with no price (never a zero fill)', () => {
    const p = new Portfolio(1_000, 0);
    p.applyFill(fill('KO', 'BUY', 1, 40));
    expect(() => p.snapshot(2, () => undefined)).toThrow(/no price/);
  });

  it('rounds cents half away from zero', () => {
    expect(roundCents(0.125)).toBe(0.13);
    expect(roundCents(-0.125)).toBe(-0.13);
    expect(roundCents(0.0049)).toBe(0);
    expect(roundCents(1.005)).toBe(1.01);
  });

  it('nets a symbol across pair books', () => {
    const p = new Portfolio(10_000, 0);
    p.applyFill(fill('KO', 'BUY', 10, 40, zeroCosts, 'A'));
    p.applyFill(fill('KO', 'SELL_SHORT', 4, 40, zeroCosts, 'B'));
    expect(p.netQuantity('KO')).toBe(6);
  });
});
