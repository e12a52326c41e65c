import { describe, expect, it } from 'vitest';
import { reconcileBars, type BarValues } from '../../../src/main/data/validation/reconcile';
import { day } from './bar-loading';

// AAPL 2013-02-08 and 2013-02-11 from the S&P set.
const existing: BarValues[] = [
  { symbol: 'AAPL', day: day('2013-02-08'), open: 67.7142, high: 68.4014, low: 66.8928, close: 67.8542, volume: 158168416 },
  { symbol: 'AAPL', day: day('2013-02-11'), open: 68.0714, high: 69.2771, low: 67.6071, close: 68.5614, volume: 129029425 },
];

describe('reconcileBars', () => {
  it('accepts rounding-level differences and ordinary volume disagreement', () => {
    const incoming = existing.map((b) => ({ ...b, close: Math.round(b.close * 100) / 100, volume: Math.round(b.volume * 0.8) }));
    expect(reconcileBars(existing, incoming, 0.005)).toEqual([]);
  });

  it('flags prices beyond the tolerance as a warning naming each field', () => {
    const incoming = [{ ...existing[0], close: 68.3, high: 68.5, line: 7 } as BarValues];
    const issues = reconcileBars(existing, incoming, 0.005, { file: 'yahoo.csv' });
    expect(issues).toEqual([
      {
        kind: 'source_mismatch',
        severity: 'warning',
        symbol: 'AAPL',
        day: day('2013-02-08'),
        detail: '2013-02-08: existing vs incoming close 67.8542 vs 68.3 (0.65%); prices differ by more than 0.5%',
        file: 'yahoo.csv',
        line: 7,
        field: 'close',
      },
    ]);
  });

  it('flags volume alone only past the loose rule, as info', () => {
    const halved = [{ ...existing[1], volume: 60_000_000 } as BarValues];
    expect(reconcileBars(existing, halved, 0.005)).toMatchObject([{ severity: 'info', field: 'volume' }]);
    const zero = [{ ...existing[1], volume: 0 } as BarValues];
    expect(reconcileBars(existing, zero, 0.005)).toMatchObject([{ severity: 'info', field: 'volume' }]);
  });

  it('ignores days and symbols only one side has', () => {
    const incoming = [
      { ...existing[0], symbol: 'MSFT', close: 1 } as BarValues,
      { ...existing[0], day: day('2013-02-12'), close: 1 } as BarValues,
    ];
    expect(reconcileBars(existing, incoming, 0.005)).toEqual([]);
  });
});
