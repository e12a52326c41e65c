import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import type { ParsedBar } from '../../../src/main/data/core/pipeline-types';
import { groupBarsBySymbol, validateSeries } from '../../../src/main/data/validation/series-validator';
import { AAPL_CSV, day, DEFAULT_THRESHOLDS, loadBars, unadjustAaplSplit } from './bar-loading';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/data');
const options = { ...DEFAULT_THRESHOLDS, file: 'test.csv' };

function bar(iso: string, close: number, volume = 1000, line = 0, symbol = 'TEST'): ParsedBar {
  return { symbol, day: day(iso), open: close, high: close, low: close, close, volume, line };
}

describe('validateSeries', () => {
  it('reports the real ten-day hole in DHR as one gap', async () => {
    const { issues, bars } = validateSeries(await loadBars(path.join(FIXTURES, 'DHR.csv')), options);
    expect(bars).toHaveLength(11);
    expect(issues).toEqual([
      {
        kind: 'missing_trading_day',
        severity: 'warning',
        symbol: 'DHR',
        day: day('2015-03-09'),
        detail: 'no bars for 10 trading days 2015-03-09 to 2015-03-20 (between 2015-03-06 and 2015-03-23)',
        file: 'test.csv',
        line: null,
        field: null,
      },
    ]);
  });

  it('sees the gap the rejected BHF row leaves, and no gap over weekends', async () => {
    const { issues } = validateSeries(await loadBars(path.join(FIXTURES, 'BHF.csv')), options);
    expect(issues.map((i) => i.detail)).toEqual(['no bar for trading day 2017-07-26 (between 2017-07-25 and 2017-07-27)']);
  });

  it('does not count holidays as gaps, and counts an early-close day as a trading day', () => {
    const gaps = (...isoDays: string[]): string[] =>
      validateSeries(isoDays.map((iso) => bar(iso, 10)), options)
        .issues.filter((i) => i.kind === 'missing_trading_day')
        .map((i) => i.detail);
    expect(gaps('2015-04-02', '2015-04-06')).toEqual([]);
    expect(gaps('2012-10-26', '2012-10-31')).toEqual([]);
    expect(gaps('2013-12-23', '2013-12-27')).toEqual([
      'no bars for 2 trading days 2013-12-24 to 2013-12-26 (between 2013-12-23 and 2013-12-27)',
    ]);
  });

  it('sorts its input and collapses identical duplicates, keeping the first line', async () => {
    const real = await loadBars(path.join(FIXTURES, 'AAPL.csv'));
    const copy = { ...real[2], line: 99 } as ParsedBar;
    const shuffled = [real[5], real[2], copy, ...real.slice(6), real[0], real[1], real[3], real[4]] as ParsedBar[];
    const { bars, issues, dropped } = validateSeries(shuffled, options);
    expect(bars.map((b) => b.line)).toEqual(real.map((b) => b.line));
    expect(dropped).toBe(1);
    expect(issues).toMatchObject([
      {
        kind: 'duplicate_identical',
        severity: 'info',
        day: day('2013-02-12'),
        line: 4,
        detail: '2013-02-12 appears 2 times with identical values (lines 4, 99); kept line 4',
      },
    ]);
  });

  it('rejects both sides of a conflicting duplicate, naming both lines', async () => {
    const real = await loadBars(path.join(FIXTURES, 'AAPL.csv'));
    const conflicting = { ...real[2], close: 66.9, line: 40 } as ParsedBar;
    const { bars, issues, dropped } = validateSeries([...real, conflicting], options);
    expect(bars.map((b) => formatIsoDate(b.day))).not.toContain('2013-02-12');
    expect(dropped).toBe(2);
    const kinds = issues.map((i) => i.kind);
    expect(kinds).toEqual(['duplicate_conflict', 'missing_trading_day']);
    expect(issues[0]).toMatchObject({
      severity: 'error',
      detail: '2013-02-12 appears 2 times with different values (lines 4, 40: close 66.8428 vs 66.9); all rejected',
    });
  });

  it('flags a run of unchanged closes with zero volume at staleRunDays, not before', () => {
    const days = ['2013-02-04', '2013-02-05', '2013-02-06', '2013-02-07', '2013-02-08', '2013-02-11', '2013-02-12', '2013-02-13'];
    const stale = days.map((iso, i) => bar(iso, i === 0 || i === 7 ? 20 + i : 20, i === 0 || i === 7 ? 500 : 0, i + 2));
    const { issues } = validateSeries(stale, options);
    expect(issues).toMatchObject([
      {
        kind: 'stale_series',
        severity: 'warning',
        day: day('2013-02-05'),
        line: 3,
        detail: 'close stuck at 20 with zero volume for 6 bars, 2013-02-05 to 2013-02-12',
      },
    ]);
    expect(validateSeries(stale, { ...options, staleRunDays: 7 }).issues).toEqual([]);
  });

  it('names the 7:1 split in unadjusted AAPL and a bad tick as outliers', async () => {
    const bars = unadjustAaplSplit(await loadBars(AAPL_CSV));
    const badTick = bars.findIndex((b) => b.day === day('2016-03-15'));
    const tick = bars[badTick] as ParsedBar;
    bars[badTick] = { ...tick, open: tick.open * 1.4, high: tick.high * 1.4, low: tick.low * 1.4, close: tick.close * 1.4 };
    const { issues } = validateSeries(bars, options);
    const split = issues.filter((i) => i.kind === 'split_suspected');
    expect(split).toHaveLength(1);
    expect(split[0]).toMatchObject({
      day: day('2014-06-09'),
      field: 'close',
      detail: expect.stringMatching(/^close fell from 645\.5694 to 93\.7 \(ratio 6\.89 ≈ 7:1 split; -85\.5%, robust z \d+\.\d\)$/),
    });
    const outliers = issues.filter((i) => i.kind === 'return_outlier').map((i) => formatIsoDate(i.day ?? 0));
    expect(outliers).toContain('2016-03-15');
    expect(outliers).toContain('2016-03-16');
  });

  it('finds the real, unadjusted 2:1 split of DISCK in August 2014', async () => {
    const { issues } = validateSeries(await loadBars(path.join(FIXTURES, 'DISCK.csv')), options);
    expect(issues.filter((i) => i.kind === 'split_suspected')).toMatchObject([
      { day: day('2014-08-07'), detail: expect.stringContaining('close fell from 81.22 to 39.78 (ratio 2.04 ≈ 2:1 split') },
    ]);
  });

  it('insists on one symbol and groups mixed input', () => {
    expect(() => validateSeries([bar('2013-02-08', 1), bar('2013-02-11', 1, 1, 0, 'OTHER')], options)).toThrow(/one symbol/);
    const groups = groupBarsBySymbol([bar('2013-02-08', 1, 1, 0, 'B'), bar('2013-02-08', 1, 1, 0, 'A'), bar('2013-02-11', 1, 1, 0, 'B')]);
    expect([...groups.keys()]).toEqual(['B', 'A']);
    expect(groups.get('B')).toHaveLength(2);
    expect(validateSeries([], options)).toEqual({ bars: [], issues: [], dropped: 0 });
  });
});
