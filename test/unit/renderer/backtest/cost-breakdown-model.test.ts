import { describe, expect, it } from 'vitest';
import { costBreakdown } from '../../../../src/renderer/features/backtest/cost-breakdown-model';

describe('cost breakdown rows', () => {
  it('lists transaction costs then accruals in a fixed order, accruals turned into dollars paid', () => {
    const view = costBreakdown(
      { impact: 30, commission: 50, secFee: 2, finraTaf: 1, slippage: 17 },
      { dividend: 5, borrow_fee: -100, margin_interest: 0, short_rebate: 0 },
    );
    expect(view.rows.map((row) => row.kind)).toEqual(['commission', 'secFee', 'finraTaf', 'slippage', 'impact', 'borrow_fee', 'margin_interest', 'short_rebate', 'dividend']);
    const paid = Object.fromEntries(view.rows.map((row) => [row.kind, row.paid]));
    expect(paid['borrow_fee']).toBe(100);
    // A dividend received (+5) is a negative payment.
    expect(paid['dividend']).toBe(-5);
    // 50 + 2 + 1 + 17 + 30 + 100 − 5 = 195
    expect(view.totalPaid).toBe(195);
    // Shares are of what was paid (200), a receipt has none.
    const share = Object.fromEntries(view.rows.map((row) => [row.kind, row.share]));
    expect(share['borrow_fee']).toBe(0.5);
    expect(share['commission']).toBe(0.25);
    expect(share['dividend']).toBe(0);
    expect(view.rows.find((row) => row.kind === 'secFee')?.label).toBe('SEC Section 31 fee');
  });

  it('keeps a kind it does not know, after the known ones, by its own name', () => {
    const view = costBreakdown({ commission: 1, exchange_fee: 2 });
    expect(view.rows.map((row) => [row.kind, row.label])).toEqual([
      ['commission', 'Commission'],
      ['exchange_fee', 'exchange fee'],
    ]);
  });

  it('gives a run without costs zero rows and zero shares, not NaN', () => {
    const view = costBreakdown({ commission: 0, slippage: 0 });
    expect(view.totalPaid).toBe(0);
    expect(view.rows.every((row) => row.share === 0)).toBe(true);
  });
});
