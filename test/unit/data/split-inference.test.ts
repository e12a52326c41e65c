import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferSplits } from '../../../src/main/data/validation/split-inference';
import { matchSplitRatio } from '../../../src/main/data/validation/split-ratios';
import { AAPL_CSV, day, loadBars, unadjustAaplSplit } from './bar-loading';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/data');

describe('matchSplitRatio', () => {
  it('matches within the relative tolerance, on the log scale', () => {
    expect(matchSplitRatio(6.83, 0.04)).toMatchObject({ numerator: 7, denominator: 1, factor: 7 });
    expect(matchSplitRatio(0.101, 0.04)).toMatchObject({ numerator: 1, denominator: 10 });
    expect(matchSplitRatio(1.49, 0.04)).toMatchObject({ numerator: 3, denominator: 2 });
    expect(matchSplitRatio(2.5, 0.04)).toBeNull();
    expect(matchSplitRatio(1.25, 0.04)).toBeNull();
    expect(matchSplitRatio(6.5, 0.04)).toBeNull();
    expect(matchSplitRatio(Number.NaN, 0.04)).toBeNull();
  });
});

describe('inferSplits', () => {
  it('finds the 7:1 AAPL split of 2014-06-09 in unadjusted prices, confirmed by the open', async () => {
    const splits = inferSplits(unadjustAaplSplit(await loadBars(AAPL_CSV)));
    expect(splits).toHaveLength(1);
    expect(splits[0]).toMatchObject({ day: day('2014-06-09'), ratio: 7, numerator: 7, denominator: 1 });
    expect(splits[0]?.observedRatio).toBeCloseTo(6.8898, 3);
    // Open 92.70 against 645.57 is 6.96, within 4% of 7: both signals agree.
    expect(splits[0]?.confidence).toBeGreaterThan(0.8);
  });

  it('finds nothing in the split-adjusted AAPL series', async () => {
    expect(inferSplits(await loadBars(AAPL_CSV))).toEqual([]);
  });

  it('finds the real 2:1 DISCK split and a 1:10 reverse split in a short series', async () => {
    expect(inferSplits(await loadBars(path.join(FIXTURES, 'DISCK.csv')))).toMatchObject([
      { day: day('2014-08-07'), ratio: 2, numerator: 2, denominator: 1 },
    ]);
    const reverse = [
      { day: day('2013-02-08'), open: 0.5, close: 0.52 },
      { day: day('2013-02-11'), open: 5.1, close: 5.15 },
      { day: day('2013-02-12'), open: 5.2, close: 5.2 },
    ];
    const [split] = inferSplits(reverse);
    expect(split).toMatchObject({ day: day('2013-02-11'), ratio: 0.1, numerator: 1, denominator: 10 });
  });
});
