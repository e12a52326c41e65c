import { describe, expect, it } from 'vitest';
import type { OhlcvColumns } from '../../../src/main/core/market/series';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { mergeActions, tradedBasisData } from '../../../src/main/backtest/traded-basis';

const d = epochDayFromIso;

/** Four daily bars with the given closes (open = close). */
function bars(days: readonly string[], closes: readonly number[]): OhlcvColumns {
  const values = Float64Array.from(closes);
  return { days: Int32Array.from(days.map(d)), open: values, high: values, low: values, close: values, volume: new Float64Array(closes.length).fill(1000) };
}

const days = ['2014-06-04', '2014-06-05', '2014-06-06', '2014-06-09'];
const split = { kind: 'split' as const, day: d('2014-06-09'), numerator: 7, denominator: 1 };

describe('traded basis from stored bars and known actions', () => {
  it('split-adjusted bars: no split is booked; before the ex-date one stored share is 1/7 traded share at 7× the price', () => {
    // Stored (split basis) 90 on 2014-06-05 was traded at 630; 700 stored shares were 100 real ones.
    const out = tradedBasisData([{ symbol: 'AAPL', bars: bars(days, [90, 90, 90, 91]), basis: 'split', actions: [split] }]);
    expect(out.actions.get('AAPL')).toEqual([]);
    expect(out.priceBasis.tradedPrice('AAPL', d('2014-06-05'), 90)).toBeCloseTo(630, 9);
    expect(out.priceBasis.tradedShares('AAPL', d('2014-06-05'), 700)).toBeCloseTo(100, 9);
    // From the ex-date on, the stored basis is the traded one.
    expect(out.priceBasis.tradedPrice('AAPL', d('2014-06-09'), 91)).toBe(91);
    expect(out.priceBasis.tradedShares('AAPL', d('2014-06-09'), 700)).toBe(700);
    expect(out.warnings).toEqual([]);
  });

  it('raw bars: the split is booked on its ex-date (it rescales open books) and the port is the identity', () => {
    const out = tradedBasisData([{ symbol: 'AAPL', bars: bars(days, [630, 630, 630, 91]), basis: 'raw', actions: [split, { kind: 'dividend', day: d('2014-06-05'), cashAmount: 3.29 }] }]);
    expect(out.actions.get('AAPL')).toEqual([
      { day: d('2014-06-05'), kind: 'dividend', amount: 3.29 },
      { day: d('2014-06-09'), kind: 'split', ratio: 7 },
    ]);
    expect(out.priceBasis.tradedPrice('AAPL', d('2014-06-05'), 630)).toBe(630);
    expect(out.priceBasis.tradedShares('AAPL', d('2014-06-05'), 100)).toBe(100);
  });

  it('split-adjusted bars: a dividend before a split is booked per stored share (cash / 7)', () => {
    // $3.29 a traded share on 2014-06-05 is 0.47 per stored (post-split) share.
    const out = tradedBasisData([{ symbol: 'AAPL', bars: bars(days, [90, 90, 90, 91]), basis: 'split', actions: [split, { kind: 'dividend', day: d('2014-06-05'), cashAmount: 3.29 }] }]);
    const booked = out.actions.get('AAPL') ?? [];
    expect(booked).toHaveLength(1);
    expect(booked[0]?.kind).toBe('dividend');
    expect(booked[0]?.kind === 'dividend' ? booked[0].amount : NaN).toBeCloseTo(0.47, 12);
  });

  it('split-and-dividend-adjusted bars book nothing (it would double count)', () => {
    const out = tradedBasisData([{ symbol: 'AAPL', bars: bars(days, [90, 90, 90, 91]), basis: 'split_dividend', actions: [split, { kind: 'dividend', day: d('2014-06-05'), cashAmount: 3.29 }] }]);
    expect(out.actions.get('AAPL')).toEqual([]);
    expect(out.priceBasis.tradedShares('AAPL', d('2014-06-04'), 700)).toBeLessThan(100);
  });

  it('a symbol with no known action is taken as traded, with a warning', () => {
    const out = tradedBasisData([{ symbol: 'KO', bars: bars(days, [40, 40, 40, 40]), basis: 'split', actions: [] }]);
    expect(out.warnings).toEqual(['KO: no known corporate actions; its stored (split) prices are taken as traded']);
    expect(out.priceBasis.tradedPrice('KO', d('2014-06-05'), 40)).toBe(40);
    expect(out.priceBasis.tradedShares('KO', d('2014-06-05'), 10)).toBe(10);
    expect(out.actions.has('KO')).toBe(false);
  });

  it('vendored splits fill in only the days the store has no split for', () => {
    const stored = [{ ...split, numerator: 8 }, { kind: 'dividend' as const, day: d('2014-06-05'), cashAmount: 1 }];
    const vendored = [split, { kind: 'split' as const, day: d('2015-03-19'), numerator: 4, denominator: 1 }];
    expect(mergeActions(stored, vendored)).toEqual([...stored, vendored[1]]);
  });
});
